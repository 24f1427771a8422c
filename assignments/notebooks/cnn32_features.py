# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.2 – 3.3 특징 추출: 손으로 만든 특징과 학습된 특징, 합성곱 신경망의 사슬
#
# 딥러닝 이전에는 **사람이 직접 특징을 추출**하고 (handcrafted feature) 그 특징 벡터를 분류기에
# 넣었습니다 (3.2.1). 신경망은 특징 학습과 분류를 함께 하므로 이 단계를 사람이 할 필요가 (많이)
# 없어졌습니다. 이 노트북에서는
#
# 1. **손으로 만든 특징**: 3.3.1 의 Sobel 필터로 만든 경계 맵 (여러분의 `conv2d_single`)과 선형
#    분류기를, 3.4 의 CNN이 **학습한 특징**과 같은 데이터에서 비교하고 (3.2.1),
# 2. 강의의 사슬 **입력 → CONV → RELU → POOL → CONV → RELU → POOL → FC → SOFTMAX** 를 여러분의 함수로
#    한 단계씩 직접 계산하며, ReLU는 CONV와, 소프트맥스는 FC와 함께 쓰이는 **활성화 함수**이지
#    독립적인 층이 아님을 확인하고 (3.3),
# 3. 학습된 CNN의 첫 번째 합성곱층과 두 번째 합성곱층이 무엇에 반응하는지 봅니다 (3.2.4).
#
# ### 여러분의 과제 (your task)
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `conv.py` | `sobel_edges(image)` | `(H, W)` 이미지의 경계 세기 `sqrt(gx² + gy²)`, 모양 `(H-2, W-2)` |
# | `activations.py` | `softmax(logits)` | 마지막 축의 점수를 확률로: `exp(z_k) / Σ_j exp(z_j)` |
#
# 마지막의 자가 점검 (self-check) 셀이 함수마다 결과와 힌트를 보여 줍니다.
#
# ### 걸리는 시간 (how long it takes)
# 학습 이미지 5,000장과 테스트 이미지 2,000장만 씁니다. 이 컴퓨터 (2코어)에서 참조 구현으로: 경계
# 특징 계산 약 2초, 선형 분류기 두 개 약 2초. 3.4 폴더의 `mnist_cnn.npz` 가 없으면 CNN을 5,000장으로
# 2 에폭 학습합니다 (약 15초; 벡터화하지 않은 합성곱이면 몇 분).
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn32_features").text())

import os

import numpy as np

from cnnlab import evaluation_plots, plots
from cnnlab.data import DatasetNotFoundError, load_mnist
from cnnlab.layers import Dense, Flatten, ReLU
from cnnlab.models import mnist_cnn
from cnnlab.notebook import attempt, check_answer, draw_digit, try_run
from cnnlab.plots import label
from cnnlab.train import Adam, Sequential, load_ops, to_float_images

# 여러분이 구현하는 함수 (your functions) 와 앞 과제의 함수들
from activations import softmax
from backprop import dense_forward, relu
from conv import conv2d, conv2d_single, sobel_edges
from params import count_params
from pooling import max_pool2d
from shapes import flatten

# CNN_NOTEBOOK_QUICK=1 이면 몇 백 장만 씁니다 (노트북 점검용).
QUICK = os.environ.get("CNN_NOTEBOOK_QUICK") == "1"
DOWNLOAD = os.environ.get("CNNLAB_OFFLINE") != "1"
print("빠른 점검 모드 (quick mode)" if QUICK else "전체 모드 (full run)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-md", "locked": true, "schema_version": 3, "solution": false}
# ## 데이터: MNIST의 일부
#
# 학습 이미지 5,000장과 테스트 이미지 2,000장을 씁니다. MNIST가 없으면 그린 숫자로 대신합니다.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false}
N_TRAIN, N_TEST = (300, 200) if QUICK else (5_000, 2_000)


def drawn_digits(n, seed):
    """MNIST가 없을 때 쓰는 그린 숫자 n장 (uint8, (n, 28, 28))과 레이블."""
    gen = np.random.default_rng(seed)
    labels = gen.choice([0, 1, 4, 5, 7], size=n)
    images = np.stack([draw_digit(int(d), shift=int(gen.integers(-2, 3)),
                                  thickness=float(gen.uniform(1.0, 2.0))) for d in labels])
    return images, labels


try:
    (train_images, train_labels), (test_images, test_labels) = load_mnist(download=DOWNLOAD,
                                                                          progress=False)
    source = "MNIST"
except DatasetNotFoundError:
    print("MNIST를 찾을 수 없어 그린 숫자로 대신합니다 (MNIST not found; using drawn digits).")
    (train_images, train_labels), (test_images, test_labels) = drawn_digits(N_TRAIN, 1), \
        drawn_digits(N_TEST, 2)
    source = "synthetic"
x_train, y_train = to_float_images(train_images[:N_TRAIN]), train_labels[:N_TRAIN].astype(np.int64)
x_test, y_test = to_float_images(test_images[:N_TEST]), test_labels[:N_TEST].astype(np.int64)
print(f"데이터 (data): {source} | 학습 (train) {x_train.shape} | 테스트 (test) {x_test.shape}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "sobel-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.2.1 손으로 만든 특징: Sobel 경계 맵
#
# 3.3.1 에서 본 Sobel x 커널 `[[-1,0,1],[-2,0,2],[-1,0,1]]` 은 밝기가 왼쪽에서 오른쪽으로 바뀌는 곳
# (세로 경계)에서, 그 전치인 Sobel y 는 위아래로 바뀌는 곳 (가로 경계)에서 크게 반응합니다. 경계의
# 세기는 `sqrt(gx² + gy²)` 입니다. `sobel_edges` 를 여러분의 `conv2d_single` 로 구현하세요
# (`conv.py`; 자세한 규칙은 docstring 에 있습니다).

# %% nbgrader={"grade": false, "grade_id": "sobel", "locked": true, "schema_version": 3, "solution": false}
digit = x_train[0, :, :, 0]
sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64)
gx = try_run(conv2d_single, digit, sobel_x)
gy = try_run(conv2d_single, digit, sobel_x.T)
edges = try_run(sobel_edges, digit)
if gx is not None and gy is not None and edges is not None:
    display(plots.feature_maps(digit, {"gx (Sobel x)": gx, "gy (Sobel y)": gy,
                                       label("경계 세기", "edge strength"): edges},
                               {"gx (Sobel x)": sobel_x, "gy (Sobel y)": sobel_x.T}))

# %% [markdown] nbgrader={"grade": false, "grade_id": "task1-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 1 (task 1): 경계 특징 만들기
# 학습 이미지 `x_train` (모양 `(N, 28, 28, 1)`)의 이미지마다 `sobel_edges` 로 경계 맵 `(26, 26)` 을
# 구해 `(N, 26, 26, 1)` 로 모은 뒤, 여러분의 `max_pool2d` (2×2)로 줄여 `(N, 13, 13, 1)` 특징을
# `train_features` 에 저장하세요. 테스트 이미지 `x_test` 도 같은 방법으로 `test_features` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
train_features = None
test_features = None
### BEGIN SOLUTION
def edge_features(images):
    maps = np.stack([sobel_edges(image[:, :, 0]) for image in images])[..., None]
    return max_pool2d(maps, 2)


train_features = edge_features(x_train)
test_features = edge_features(x_test)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
check_answer("train_features.shape", getattr(train_features, "shape", None), (len(x_train), 13, 13, 1))
check_answer("test_features.shape", getattr(test_features, "shape", None), (len(x_test), 13, 13, 1))
if train_features is not None:
    # 식으로 직접: 첫 이미지의 왼쪽 위 2x2 풀링 창 = 경계 세기 네 값의 최댓값
    window = x_train[0, :4, :4, 0]
    strengths = [np.hypot((window[i:i + 3, j:j + 3] * sobel_x).sum(),
                          (window[i:i + 3, j:j + 3] * sobel_x.T).sum())
                 for i in range(2) for j in range(2)]
    check_answer("train_features[0, 0, 0, 0]", train_features[0, 0, 0, 0], max(strengths), rtol=1e-5)

# %% [markdown] nbgrader={"grade": false, "grade_id": "linear-md", "locked": true, "schema_version": 3, "solution": false}
# ### 선형 분류기: 픽셀 그대로 vs 손으로 만든 경계 특징
#
# 분류기는 전결합층 하나 (`Flatten()` → `Dense(10, softmax)`, 곧 선형 분류기)입니다. 같은 분류기를
# (a) 픽셀 784개, (b) 경계 특징 169개 (가장 큰 값으로 나누어 0~1)에 10 에폭 학습합니다.
# 이 컴퓨터에서 잰 결과는 (a) 약 88%, (b) 약 86% 였습니다. 경계의 **세기**만 남기면 경계의 방향과
# 획 안쪽의 밝기를 잃기 때문에, 사람이 고른 특징이 오히려 정보를 버릴 수도 있습니다.

# %% nbgrader={"grade": false, "grade_id": "linear", "locked": true, "schema_version": 3, "solution": false}
ops = attempt("층 함수 불러오기 (load_ops)", load_ops, ".")
accuracies = {}


def linear_accuracy(train_x, test_x):
    model = Sequential([Flatten(), Dense(10, activation="softmax")], train_x.shape[1:], ops=ops,
                       seed=0)
    model.compile(optimizer=Adam(learning_rate=1e-2))
    model.fit(train_x, y_train, epochs=3 if QUICK else 10, batch_size=64, verbose=False)
    return model.evaluate(test_x, y_test)[1]


if ops is not None:
    accuracies[label("픽셀 + 선형 분류기", "pixels + linear")] = attempt(
        "선형 분류기 (pixels)", linear_accuracy, x_train, x_test)
    if train_features is not None and test_features is not None:
        scale = float(train_features.max()) or 1.0
        accuracies[label("경계 특징 + 선형 분류기", "Sobel features + linear")] = attempt(
            "선형 분류기 (edges)", linear_accuracy, train_features / scale, test_features / scale)
for name, accuracy in accuracies.items():
    if accuracy is not None:
        print(f"{name}: 테스트 정확도 (test accuracy) {accuracy:.1%}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "cnn-md", "locked": true, "schema_version": 3, "solution": false}
# ### 학습된 특징: 3.4 의 CNN
#
# 3.4 에서 학습한 `mnist_cnn.npz` 가 이 폴더에 있으면 (설정 셀의 `carry_forward` 가 가져옵니다) 그
# 가중치를 씁니다. 없으면 같은 5,000장으로 2 에폭 학습합니다. CNN의 합성곱층은 특징을, 전결합층은
# 분류를 스스로 학습합니다.

# %% nbgrader={"grade": false, "grade_id": "cnn", "locked": true, "schema_version": 3, "solution": false}
cnn_layers, cnn_shape = mnist_cnn()
cnn = None if ops is None else attempt("CNN 만들기 (building the CNN)", Sequential, cnn_layers,
                                       cnn_shape, ops=ops, seed=0)


def prepare_cnn():
    if os.path.exists("mnist_cnn.npz"):
        cnn.load_weights("mnist_cnn.npz")
        return "3.4 에서 학습한 mnist_cnn.npz"
    cnn.compile(optimizer=Adam(learning_rate=1e-3))
    cnn.fit(x_train, y_train, epochs=1 if QUICK else 2, batch_size=64, verbose=not QUICK)
    return f"이 노트북에서 {len(x_train):,}장으로 학습"


cnn_source = None if cnn is None else attempt("CNN 준비 (preparing the CNN)", prepare_cnn)
if cnn_source is not None:
    accuracies[label("학습된 특징 (CNN)", "learned features (CNN)")] = cnn.evaluate(x_test, y_test)[1]
    print(f"CNN ({cnn_source}): 테스트 정확도 {accuracies[label('학습된 특징 (CNN)', 'learned features (CNN)')]:.1%}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "chain-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3 합성곱 신경망의 사슬: 입력 → CONV → RELU → POOL → … → FC → SOFTMAX
#
# 강의는 CNN의 구조를 `입력 → CONV → RELU → POOL → CONV → RELU → POOL → FC → SOFTMAX` 로 씁니다.
# 그런데 3.4 모델의 요약 (아래)에는 ReLU와 소프트맥스 행이 없습니다: **ReLU는 CONV와, 소프트맥스는
# FC와 함께 쓰이는 활성화 함수**이지 독립적인 층이 아니기 때문입니다 (Keras의 `activation="relu"`).
# 파라미터도 없으므로 `ReLU()` 를 따로 된 층으로 써도 파라미터 수는 같습니다.

# %% nbgrader={"grade": false, "grade_id": "chain-summary", "locked": true, "schema_version": 3, "solution": false}
if cnn is not None:
    print(cnn.summary_table())
separate = [cnn_layers[0].__class__(32, 3), ReLU(), *cnn_layers[1:]]
together = try_run(count_params, cnn_layers, cnn_shape)
apart = try_run(count_params, separate, cnn_shape)
if together is not None and apart is not None:
    print(f"\nConv2D(32, 3, activation='relu'): {together:,}개, Conv2D(32, 3) + ReLU(): {apart:,}개")

# %% [markdown] nbgrader={"grade": false, "grade_id": "task2-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 2 (task 2): 사슬을 직접 계산하기
# 학습된 CNN의 가중치 `params` (`"conv2d_1/kernel"`, `"conv2d_1/bias"`, `"conv2d_2/..."`,
# `"dense_1/..."`, `"dense_2/..."`)로 테스트 이미지 `x_chain` 의 예측 확률을 여러분의 함수로
# 한 단계씩 계산하세요:
#
# 입력 → `conv2d` → `relu` → `max_pool2d` → `conv2d` → `relu` → `max_pool2d` → `flatten` →
# `dense_forward` → `relu` → (드롭아웃: 테스트 때는 아무것도 하지 않음) → `dense_forward` → `softmax`
#
# 첫 번째 합성곱층의 ReLU 출력을 `after_conv1` 에, 두 번째 합성곱층의 ReLU 출력을 `after_conv2` 에,
# 마지막 확률을 `chain_probabilities` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task2-data", "locked": true, "schema_version": 3, "solution": false}
x_chain = x_test[:200]
params = cnn.parameters() if cnn_source is not None else None

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
after_conv1 = None
after_conv2 = None
chain_probabilities = None
### BEGIN SOLUTION
after_conv1 = relu(conv2d(x_chain, params["conv2d_1/kernel"], params["conv2d_1/bias"]))
pooled = max_pool2d(after_conv1, 2)
after_conv2 = relu(conv2d(pooled, params["conv2d_2/kernel"], params["conv2d_2/bias"]))
features = flatten(max_pool2d(after_conv2, 2))
hidden = relu(dense_forward(features, params["dense_1/kernel"], params["dense_1/bias"]))
logits = dense_forward(hidden, params["dense_2/kernel"], params["dense_2/bias"])
chain_probabilities = softmax(logits)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
check_answer("after_conv1.shape", getattr(after_conv1, "shape", None), (len(x_chain), 26, 26, 32))
check_answer("after_conv2.shape", getattr(after_conv2, "shape", None), (len(x_chain), 11, 11, 64))
if chain_probabilities is not None and cnn_source is not None:
    # Sequential.predict 도 같은 사슬을 계산합니다 (드롭아웃은 학습 때만)
    check_answer("chain_probabilities (== cnn.predict(x_chain))", chain_probabilities,
                 cnn.predict(x_chain), rtol=1e-3, atol=1e-5)
    check_answer("chain_probabilities.sum(axis=1)", chain_probabilities.sum(axis=1),
                 np.ones(len(x_chain)), rtol=1e-5)

# %% [markdown] nbgrader={"grade": false, "grade_id": "softmax-md", "locked": true, "schema_version": 3, "solution": false}
# ### 소프트맥스: 점수를 확률로
# 소프트맥스는 점수 (logits)의 차이만 봅니다. 모든 점수에 같은 수를 더해도 확률은 그대로이므로,
# 점수가 1000 이 넘어도 (`exp(1000)` 은 float 로 나타낼 수 없습니다) 최댓값을 빼고 계산하면 됩니다.

# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": true, "schema_version": 3, "solution": false}
scores = np.array([[2.0, 1.0, 0.1], [1002.0, 1001.0, 1000.1]])
probabilities = try_run(softmax, scores)
if probabilities is not None:
    print("softmax([[2, 1, 0.1], [1002, 1001, 1000.1]]) =")
    print(np.round(probabilities, 4))

# %% [markdown] nbgrader={"grade": false, "grade_id": "deeper-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.2.4 층이 깊어지면: 첫 번째와 두 번째 합성곱층의 특징 맵
#
# 첫 번째 은닉층은 대개 직선이나 모서리 같은 **간단한 특징**을, 두 번째 은닉층은 그 특징들을 조합한
# 도형, 꼭짓점, 곡선 같은 특징을 배웁니다. 아래 첫 그림은 한 숫자에 대한 두 층의 특징 맵 (필터 8개씩)
# 이고, 둘째 그림은 각 필터를 **가장 강하게 반응하게 한 입력 조각**입니다 (테스트 이미지 200장 중
# 위의 다섯 곳). 첫 번째 층의 필터 하나는 3×3 픽셀만 보지만, 두 번째 층의 필터 하나는 풀링을 거쳐
# 8×8 픽셀을 봅니다 (수용 영역).

# %% nbgrader={"grade": false, "grade_id": "deeper", "locked": true, "schema_version": 3, "solution": false}
def strongest_patches(maps, images, patch, step, count=5, filters=6):
    """필터마다 반응이 가장 큰 위치 count곳의 입력 조각 (patch x patch, 위치 간격 step 픽셀)."""
    patches, titles = [], []
    for f in range(filters):
        order = np.argsort(maps[..., f], axis=None)[::-1][:count]
        for n, i, j in zip(*np.unravel_index(order, maps.shape[:3])):
            patches.append(images[n, i * step:i * step + patch, j * step:j * step + patch, 0])
            titles.append(f"{label('필터', 'filter')} {f}")
    return np.stack(patches), titles


if after_conv1 is not None and after_conv2 is not None:
    display(evaluation_plots.image_grid(np.moveaxis(after_conv1[0, :, :, :8], -1, 0),
                                        [f"conv2d_1: {k}" for k in range(8)],
                                        title=label("첫 번째 합성곱층의 특징 맵 (26×26)",
                                                    "first convolution's feature maps")))
    display(evaluation_plots.image_grid(np.moveaxis(after_conv2[0, :, :, :8], -1, 0),
                                        [f"conv2d_2: {k}" for k in range(8)],
                                        title=label("두 번째 합성곱층의 특징 맵 (11×11)",
                                                    "second convolution's feature maps")))
    small, small_titles = strongest_patches(after_conv1, x_chain, patch=3, step=1)
    large, large_titles = strongest_patches(after_conv2, x_chain, patch=8, step=2)
    display(evaluation_plots.image_grid(small, small_titles, columns=5, title=label(
        "conv2d_1 필터를 가장 강하게 반응하게 한 3×3 조각", "strongest 3x3 inputs of conv2d_1 filters")))
    display(evaluation_plots.image_grid(large, large_titles, columns=5, title=label(
        "conv2d_2 필터를 가장 강하게 반응하게 한 8×8 조각", "strongest 8x8 inputs of conv2d_2 filters")))

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3: 서술형 (written answer, 5점 / 5 points)
# (1) 손으로 만든 경계 특징 + 선형 분류기, 픽셀 + 선형 분류기, CNN의 정확도를 비교하고, 3.2.1 의
# "특징 추출을 사람이 직접 할 필요가 없어졌다" 는 말을 여러분의 결과로 설명하세요.
# (2) 첫 번째와 두 번째 합성곱층이 가장 강하게 반응한 조각은 어떻게 달랐나요 (3.2.4)?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 5, "schema_version": 3, "solution": true}
# (1) 같은 5,000장과 같은 선형 분류기로 경계 세기 특징은 약 86%, 픽셀 그대로는 약 88% 였고, 학습된
# 특징을 쓰는 CNN은 94% 이상 (3.4 에서 전체 데이터로 학습한 가중치는 약 99%) 이었습니다. 사람이 고른
# 경계 세기는 방향과 획의 안쪽 정보를 버려 오히려 나빴습니다. CNN은 어떤 특징이 분류에 좋은지를 데이터
# 에서 스스로 배우므로 특징 추출 단계를 사람이 설계할 필요가 없습니다.
# (2) 첫 번째 층의 3×3 조각은 한 방향의 경계나 밝은 점처럼 단순했고, 두 번째 층의 8×8 조각은 획의
# 끝, 곡선, 두 획이 만나는 모서리처럼 여러 경계를 조합한 모양이었습니다. 층이 깊어질수록 더 넓은
# 영역의 더 복잡한 패턴에 반응합니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 함수마다 통과/실패와 힌트를 보여 줍니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn32_features")
