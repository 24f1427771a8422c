# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.4 CNN을 이용한 이미지 분류: MNIST (역전파로 직접 학습하기)
#
# 이번 과제의 목표는 CNN 모델을 학습하여 **MNIST** 데이터셋의 손글씨 숫자를 분류하는 것입니다.
# MNIST는 딥러닝계의 'Hello World' 데이터셋으로, 0~9 숫자의 28×28 흑백 이미지 10가지 클래스로
# 이루어져 있습니다. 모델은 강의의 **CNN 2개 + FC 2개** 이고, 목표는 테스트 데이터에서 **약 99%**
# 정확도입니다.
#
# CNN의 학습도 MLP와 크게 다르지 않습니다 (3.2.1): 합성곱층이 특징을 추출하고 전결합층 (FC layer)이
# 분류합니다. 순방향 (forward)으로 예측과 손실 (loss)을 계산하고, **역전파** (backpropagation)로 모든
# 가중치의 기울기를 구한 뒤 가중치를 조금씩 고칩니다. 이 노트북에서는 Keras 대신 **여러분이 지금까지
# 만든 층 함수** (`conv2d`, `max_pool2d`, `dropout`, `flatten`)와 이번에 만드는 역전파 함수로 모델
# 전체를 학습합니다. 3.5에서 배운 대로 과적합 (overfitting)을 막기 위해 1차원 벡터 변환 뒤에
# **드롭아웃층** (dropout)을 넣습니다.
#
# ### 여러분의 과제 (your task)
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `backprop.py` | `relu(x)`, `relu_backward(dout, x)` | ReLU와 그 기울기: `x > 0` 인 곳만 `dout` 을 통과 |
# | `backprop.py` | `dense_forward(x, w, b)`, `dense_backward(dout, x, w)` | 전결합층 `x @ w + b` 와 `(dx, dw, db)` |
# | `backprop.py` | `conv2d_backward(dout, x, w, stride=1, padding="valid")` | 합성곱층의 `(dx, dw, db)` |
# | `backprop.py` | `max_pool2d_backward(dout, x, pool_size=2, stride=None, padding="valid")` | 기울기를 각 윈도우의 최대값 자리로 보냄 |
# | `backprop.py` | `avg_pool2d_backward(dout, x_shape, pool_size=2, stride=None, padding="valid")` | 기울기를 윈도우 안에 똑같이 나눔 |
# | `backprop.py` | `dropout_backward(dout, keep_mask, rate)` | 남은 뉴런으로만 기울기를 `1 / (1 - rate)` 배로 보냄 |
# | `backprop.py` | `softmax_cross_entropy(logits, labels)` | 배치 평균 손실과 `dlogits` |
# | `conv.py` | `conv2d(x, w, b=None, stride=1, padding="valid")` | 3.6의 합성곱: 이번에는 **빠르게** (벡터화) |
#
# 모든 `*_backward` 함수는 순방향 함수의 각 입력에 대한 손실의 기울기를, 그 입력과 같은 모양으로
# 돌려줍니다.
#
# ### 채점 (grading)
# - `backprop.py` 의 함수: 참조 구현과 비교하고 수치 미분 (numerical gradient)으로 확인합니다.
# - **속도** (speed): `conv2d` 와 `conv2d_backward` 의 실행 시간을 같은 조건에서 잰 참조 구현 시간의
#   **비율** 로 채점합니다 (아래 "속도" 절).
# - **학습한 모델** (trained model): 이 폴더에 저장한 `mnist_cnn.npz` 를 **여러분의 층 함수로**
#   테스트 이미지 10,000장에서 평가하여 정확도 90%, 97%, 99% 마다 점수를 줍니다. `params.py` 의
#   `count_params` 가 모델의 파라미터 수를 맞히면 1점이 더 있습니다.
#
# 맨 아래의 자가 점검 (self-check) 셀이 함수마다 결과와 힌트를 보여 줍니다.
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn34_mnist_backprop").text())

import os
import time

import numpy as np

from cnnlab import evaluation_plots
from cnnlab.data import DatasetNotFoundError, load_mnist
from cnnlab.models import mnist_cnn
from cnnlab.notebook import (advise_training_time, attempt, check_answer, check_summary,
                             draw_digit, report_saved_weights, report_step_speed, try_run)
from cnnlab.plots import label
from cnnlab.train import (Adam, Sequential, benchmark_ops_detail, load_ops, plot_history,
                          to_float_images)
from cnnlab.train.profiling import format_duration

# 여러분이 구현하는 함수들 (your functions)
from backprop import (conv2d_backward, dense_backward, dense_forward, relu, relu_backward,
                      softmax_cross_entropy)
from conv import conv2d
from params import count_params, summary

# CNN_NOTEBOOK_QUICK=1 이면 몇 백 장, 짧은 1 에폭만 학습합니다 (노트북 점검용).
# 과제를 할 때는 설정하지 마세요: 기본값이 전체 모델 학습입니다.
QUICK = os.environ.get("CNN_NOTEBOOK_QUICK") == "1"
DOWNLOAD = os.environ.get("CNNLAB_OFFLINE") != "1"


print("빠른 점검 모드 (quick mode)" if QUICK else "전체 학습 모드 (full training)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "backprop-md", "locked": true, "schema_version": 3, "solution": false}
# ## 역전파 (backpropagation): 층마다 거꾸로
#
# 순방향에서 각 층은 입력 `x` 로 출력 `out` 을 만듭니다. 역전파에서는 손실 $L$ 의 출력에 대한 기울기
# `dout` $= \partial L / \partial\, \text{out}$ 을 받아 연쇄 법칙 (chain rule)으로 입력과 가중치에 대한
# 기울기를 계산하고, `dx` 를 바로 앞의 층에 넘깁니다.
#
# | 층 (layer) | 순방향 (forward) | 역전파 (backward) |
# |---|---|---|
# | ReLU | `max(x, 0)` | `dx = dout * (x > 0)` |
# | 전결합층 (Dense) | `x @ w + b` | `dx = dout @ w.T`, `dw = x.T @ dout`, `db = dout.sum(axis=0)` |
# | 드롭아웃 (dropout) | `x * mask / (1 - rate)` | `dx = dout * mask / (1 - rate)` |
# | 최대 풀링 (max pooling) | 윈도우의 최대값 | 각 윈도우의 `dout` 을 최대값이 있던 칸으로 (동점이면 행 우선 첫 칸) |
# | 평균 풀링 (average pooling) | 윈도우의 평균 | 각 윈도우의 `dout` 을 칸 수로 나누어 모든 칸에 |
# | 합성곱층 (Conv2D) | 윈도우와 커널의 가중합 | `dw`: 각 윈도우 × 그 위치의 `dout` 의 합, `dx`: 각 위치의 `dout` 을 커널로 윈도우 자리에 되돌려 더함 |
# | 소프트맥스 + 교차 엔트로피 | `p = softmax(logits)`, `L = -mean(log p[정답])` | `dlogits = (p - onehot) / N` |
#
# 먼저 ReLU를 작은 벡터로 확인해 봅시다.

# %% nbgrader={"grade": false, "grade_id": "relu-demo", "locked": true, "schema_version": 3, "solution": false}
v = np.array([-2.0, -0.5, 0.0, 1.5, 3.0])
forward = try_run(relu, v)
backward = try_run(relu_backward, np.ones_like(v), v)
if forward is not None and backward is not None:
    print("x                   =", v)
    print("relu(x)             =", forward)
    print("relu_backward(1, x) =", backward, " (x = 0 에서는 0)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "task1-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 1 (task 1): 전결합층과 소프트맥스 교차 엔트로피
# 모델의 마지막 층이 하는 일을 작은 배치로 해 봅니다. 아래의 `x_small` (4개의 예, 특징 3개),
# `w_small`, `b_small` 로 `dense_forward` 의 출력 (logits)을 구하고, `softmax_cross_entropy` 로
# 손실과 `dlogits` 를 구한 뒤, `dense_backward` 로 가중치의 기울기를 구하세요. 손실을
# `small_loss` 에, 가중치의 기울기 `dw` 를 `small_dw` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task1-data", "locked": true, "schema_version": 3, "solution": false}
rng = np.random.default_rng(34)
x_small = rng.normal(size=(4, 3))
w_small = rng.normal(size=(3, 5))
b_small = rng.normal(size=5)
labels_small = np.array([0, 3, 4, 3])

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
small_loss = None
small_dw = None
### BEGIN SOLUTION
logits_small = dense_forward(x_small, w_small, b_small)
small_loss, dlogits_small = softmax_cross_entropy(logits_small, labels_small)
_, small_dw, _ = dense_backward(dlogits_small, x_small, w_small)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
# 같은 값을 식으로 직접 계산합니다: p = softmax(x w + b), L = -mean(log p[정답]), dw = x^T (p - onehot) / N
z = x_small @ w_small + b_small
p = np.exp(z - z.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)
onehot = np.eye(5)[labels_small]
check_answer("small_loss", small_loss, -np.mean(np.log(p[np.arange(4), labels_small])), rtol=1e-6)
check_answer("small_dw", small_dw, x_small.T @ (p - onehot) / 4, rtol=1e-6, atol=1e-12)

# %% [markdown] nbgrader={"grade": false, "grade_id": "task2-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 2 (task 2): 수치 미분으로 `conv2d_backward` 확인하기 (gradient check)
# 역전파가 맞는지 확인하는 가장 확실한 방법은 **수치 미분** (numerical gradient)입니다. 가중치 하나를
# 아주 조금 (`eps`) 올리고 내려 손실이 얼마나 변하는지 봅니다:
# $\dfrac{\partial L}{\partial w_k} \approx \dfrac{L(w_k + \varepsilon) - L(w_k - \varepsilon)}{2\varepsilon}$.
#
# 여기서는 손실을 `L(w) = (conv2d(x_grad, w) * dout_grad).sum()` 으로 정합니다. 그러면 출력에 대한
# 기울기가 바로 `dout_grad` 입니다. `conv2d_backward(dout_grad, x_grad, w_grad)` 의 `dw` 를
# `analytic_dw` 에, `w_grad` 의 **모든 원소**에 대해 위 식으로 구한 수치 미분을 같은 모양의 배열
# `numeric_dw` 에 저장하세요 (`np.ndindex(w_grad.shape)` 로 모든 위치를 돌 수 있습니다).

# %% nbgrader={"grade": false, "grade_id": "task2-data", "locked": true, "schema_version": 3, "solution": false}
x_grad = rng.normal(size=(2, 6, 6, 2))
w_grad = rng.normal(size=(3, 3, 2, 4))
dout_grad = rng.normal(size=(2, 4, 4, 4))
eps = 1e-6

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
analytic_dw = None
numeric_dw = None
### BEGIN SOLUTION
_, analytic_dw, _ = conv2d_backward(dout_grad, x_grad, w_grad)
numeric_dw = np.zeros_like(w_grad)
for index in np.ndindex(w_grad.shape):
    w_plus, w_minus = w_grad.copy(), w_grad.copy()
    w_plus[index] += eps
    w_minus[index] -= eps
    numeric_dw[index] = ((conv2d(x_grad, w_plus) * dout_grad).sum()
                         - (conv2d(x_grad, w_minus) * dout_grad).sum()) / (2 * eps)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
check_answer("numeric_dw.shape", None if numeric_dw is None else tuple(np.shape(numeric_dw)),
             w_grad.shape)
if analytic_dw is not None and numeric_dw is not None:
    # 중심 차분의 오차는 eps^2 정도이고, 반올림 오차가 약 1e-9 입니다.
    check_answer("analytic_dw (== numeric_dw)", analytic_dw, numeric_dw, rtol=1e-5, atol=1e-6)
grads = try_run(conv2d_backward, dout_grad, x_grad, w_grad)
if grads is not None:
    # 편향은 모든 위치의 출력에 더해지므로 db 는 dout 을 채널별로 더한 것입니다.
    check_answer("db", grads[2], dout_grad.sum(axis=(0, 1, 2)), rtol=1e-9)

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습 데이터: MNIST
#
# 학습 이미지 60,000장 중 마지막 5,000장은 **검증 데이터** (validation data)로 떼어 둡니다. 에폭마다
# 검증 정확도를 보면 과적합을 알아챌 수 있습니다. 테스트 이미지 10,000장은 마지막 평가에만 씁니다.
# 픽셀 값은 0~255 에서 0~1 로 나누고, 합성곱층이 기대하는 채널 축을 붙여 `(N, 28, 28, 1)` 로 만듭니다.
#
# MNIST 파일이 없고 내려받을 수도 없으면 이 노트북이 그린 숫자 (0, 1, 4, 5, 7)로 대신합니다. 그때의
# 정확도는 의미가 없으니 MNIST를 구하여 다시 실행하세요.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false}
N_VAL = 5_000


def drawn_digits(n, seed):
    """MNIST가 없을 때 쓰는 그린 숫자 n장 (uint8, (n, 28, 28))과 레이블."""
    gen = np.random.default_rng(seed)
    labels = gen.choice([0, 1, 4, 5, 7], size=n)
    images = np.stack([draw_digit(int(d), shift=int(gen.integers(-2, 3)),
                                  thickness=float(gen.uniform(1.0, 2.0))) for d in labels])
    noise = gen.integers(0, 40, images.shape)
    return np.clip(images.astype(int) + noise, 0, 255).astype(np.uint8), labels


try:
    (train_images, train_labels), (test_images, test_labels) = load_mnist(download=DOWNLOAD,
                                                                          progress=not QUICK)
    source = "MNIST"
except DatasetNotFoundError as error:
    print("MNIST를 찾을 수 없어 그린 숫자로 대신합니다 (MNIST not found; using drawn digits).")
    print(str(error).splitlines()[0])
    train_images, train_labels = drawn_digits(1_200, seed=1)
    test_images, test_labels = drawn_digits(300, seed=2)
    source, N_VAL = "synthetic", 200

if QUICK:  # 노트북 점검용: 몇 백 장만
    N_VAL = min(N_VAL, 256)
    train_images, train_labels = train_images[:512 + N_VAL], train_labels[:512 + N_VAL]
    test_images, test_labels = test_images[:500], test_labels[:500]

x_all, y_all = to_float_images(train_images), train_labels.astype(np.int64)
x_train, y_train = x_all[:-N_VAL], y_all[:-N_VAL]
x_val, y_val = x_all[-N_VAL:], y_all[-N_VAL:]
x_test, y_test = to_float_images(test_images), test_labels.astype(np.int64)
print(f"데이터 (data): {source}")
print(f"학습 (train) {x_train.shape}, 검증 (validation) {x_val.shape}, 테스트 (test) {x_test.shape}")
display(evaluation_plots.image_grid(train_images[:16], [str(v) for v in train_labels[:16]],
                                    title=label("학습 이미지와 레이블", "training images and labels")))

# %% [markdown] nbgrader={"grade": false, "grade_id": "model-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.4.1 모델 구조 구성하기
#
# 강의의 모델은 **합성곱층 2개 + 전결합층 2개** 입니다.
# - `Conv2D(32, 3, relu)` → `MaxPooling2D(2)` → `Conv2D(64, 3, relu)` → `MaxPooling2D(2)`: 특징 추출
# - `Flatten()`: 특징 맵을 1차원 벡터로 변환
# - `Dense(128, relu)` → `Dropout(0.5)` → `Dense(10, softmax)`: 분류. 드롭아웃층은 3.5.4 에서 배운 대로
#   1차원 벡터 변환 뒤와 출력층 사이에 둡니다.
#
# 채점도 이 구조 (`cnnlab.models.mnist_cnn`)를 씁니다. 구조를 바꾸면 저장한 가중치를 불러올 수
# 없으니 그대로 쓰세요.
#
# `load_ops(".")` 는 이 노트북 옆의 모듈 (`conv.py`, `pooling.py`, `dropout.py`, `shapes.py`,
# `backprop.py`)에서 층 함수를 불러옵니다. `Sequential` 은 그 함수들로 순방향과 역전파를 계산하므로,
# 아래 모델은 처음부터 끝까지 **여러분의 코드**로 학습됩니다. 모듈을 고쳤다면 이 셀부터 다시
# 실행하세요.

# %% nbgrader={"grade": false, "grade_id": "build", "locked": true, "schema_version": 3, "solution": false}
layers, input_shape = mnist_cnn()
for layer in layers:
    print(" ", layer)
ops = attempt("층 함수 불러오기 (load_ops)", load_ops, ".")
model = None
if ops is not None:
    model = attempt("모델 만들기 (building the model)", Sequential, layers, input_shape, ops=ops,
                    seed=0)
if model is not None:
    print("\n여러분의 층 함수로 만든 모델 (model.summary_table()):")
    print(model.summary_table())
else:
    # Building runs one forward pass: it needs the earlier assignments' functions.
    print("\n모델을 만들려면 앞 과제의 순방향 함수가 필요합니다 (building needs the forward functions "
          "of earlier assignments):\n  conv.conv2d (3.6), pooling.max_pool2d (3.3.2), "
          "dropout.dropout (3.5), shapes.flatten (3.1), backprop.relu 와 backprop.dense_forward (이 과제).\n"
          "  앞 과제 폴더의 모듈은 설정 셀의 carry_forward 가 가져옵니다. 맨 아래 자가 점검 셀이 이 함수들도 "
          "점검합니다.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "task3-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3 (task 3): 모델 요약과 파라미터 수
# 3.3.2 과제의 `summary` 와 `count_params` 로 이 모델의 층별 요약을 `my_rows` 에, 전체 파라미터 수를
# `my_total` 에 저장하세요. 아래 셀이 학습할 모델 (`Sequential.summary()`)과 비교합니다. 채점에서도
# `count_params` 가 학습한 모델의 파라미터 수와 같아야 1점을 받습니다.

# %% nbgrader={"grade": false, "grade_id": "task3", "locked": false, "schema_version": 3, "solution": true}
my_rows = None
my_total = None
### BEGIN SOLUTION
my_rows = summary(layers, input_shape)
my_total = count_params(layers, input_shape)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task3-check", "locked": true, "schema_version": 3, "solution": false}
if model is not None:
    model_rows = model.summary()
else:  # 모델을 아직 만들 수 없으면 식으로: KH x KW x C_in x filters + filters, n_in x units + units
    shapes_ = [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), (1600,), (128,), (128,), (10,)]
    counts_ = [3 * 3 * 1 * 32 + 32, 0, 3 * 3 * 32 * 64 + 64, 0, 0, 1600 * 128 + 128, 0, 128 * 10 + 10]
    names_ = ["conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2", "flatten_1", "dense_1",
              "dropout_1", "dense_2"]
    model_rows = list(zip(names_, shapes_, counts_))
check_summary(my_rows, my_total, model_rows, layers)

# %% [markdown] nbgrader={"grade": false, "grade_id": "speed-md", "locked": true, "schema_version": 3, "solution": false}
# ## 속도 (speed): 합성곱을 벡터화하기
#
# 파이썬의 `for` 반복문으로 픽셀마다 합성곱을 계산하면 결과는 맞아도 MNIST 한 에폭에 몇 시간이
# 걸립니다. numpy 에서 빠른 것은 **큰 배열 연산 한 번**입니다. 대표적인 방법이 **im2col** 입니다.
# 1. 패딩한 입력에서 커널이 보는 모든 윈도우 (수용 영역)를 한 행씩 모읍니다:
#    `(N, H', W', KH·KW·C_in)`. `numpy.lib.stride_tricks.sliding_window_view` (또는 `as_strided`)는
#    데이터를 복사하지 않고 윈도우들을 보여 주는 "뷰" (view)를 만들며, 스트라이드는 그 뷰를
#    `[:, ::SH, ::SW]` 로 건너뛰면 됩니다.
# 2. 커널을 `(KH·KW·C_in, C_out)` 행렬로 바꾸면 합성곱 전체가 **행렬 곱 한 번**입니다:
#    `(N·H'·W', KH·KW·C_in) @ (KH·KW·C_in, C_out)`. 행렬 곱은 최적화된 BLAS가 계산합니다.
# 3. 역전파도 같습니다: `dw` 는 `cols.T @ dout` 한 번, `dx` 는 `dout @ w.T` 를 윈도우 자리에 되돌려
#    더하는 것 (col2im)인데, 반복은 커널 안의 위치 `KH × KW` 번 (3×3 이면 9번)이면 충분합니다.
#
# **채점**: `conv2d` 와 `conv2d_backward` 를 학습 크기의 배치 (13×13×32 입력 32장, 3×3 필터 64개)에서
# 여러분의 함수와 참조 구현을 **같은 조건**에서 실행하여 시간의 **비율** (여러분 ÷ 참조)로 점수를
# 줍니다. 아래 셀은 (1) 한 배치를 학습하는 시간을 층 함수마다 나누어 재고 한 에폭의 예상 시간을
# 보여 주며, (2) 참조 구현이 있는 환경 (강의 저장소)에서는 채점과 같은 비율도 보여 줍니다. 학습
# 셀의 `fit` 도 첫 배치의 시간을 재어 한 에폭이 너무 오래 걸릴 것 같으면 `SlowTrainingWarning` 으로
# 알려 줍니다.

# %% nbgrader={"grade": false, "grade_id": "speed", "locked": true, "schema_version": 3, "solution": false}
from autograder.speed_grading import SPEED_TASKS

FULL_TRAIN_SIZE, FULL_EPOCHS = 55_000, 8
PROFILE_BATCH = 32 if QUICK else 128
profile = None
if ops is not None:
    profile = report_step_speed(layers, input_shape, ops, x_train, y_train, PROFILE_BATCH,
                                FULL_TRAIN_SIZE)
# 참조 구현: 2코어 컴퓨터에서 한 에폭 약 14초 (benchmarks/README.md)
advise_training_time(profile, FULL_TRAIN_SIZE, FULL_EPOCHS, reference_epoch_seconds=14,
                     shorter="아래 학습 셀에서 SHORT = True (10,000장 x 2 에폭, 테스트 정확도 약 96%)")

try:
    reference_ops = load_ops("reference")
except FileNotFoundError:
    reference_ops = None
    print("\n참조 구현이 없는 환경입니다 (no reference here): 비율은 채점 때 같은 조건에서 잽니다.")
if reference_ops is not None and ops is not None:
    # 처음 몇 번의 호출은 큰 배열의 메모리를 마련하느라 느리므로, 한 번 실행한 뒤에 잽니다.
    warm = attempt("속도 비교 준비 (warm-up)", benchmark_ops_detail, ops, reference_ops,
                   batch_size=32, repeats=1)
    timings = None if warm is None else attempt("속도 비교 (speed comparison)",
                                                benchmark_ops_detail, ops, reference_ops,
                                                batch_size=32, repeats=3)
    for name, timing in (timings or {}).items():
        print(f"{name:>16}: 여러분 {timing.seconds * 1e3:7.1f} ms, 참조 {timing.reference_seconds * 1e3:7.1f} ms"
              f" → {timing.ratio:.2f}배 (ratio), 결과 일치 (same result): {timing.matches_reference}")
for qualname, task in SPEED_TASKS.items():
    rules = ", ".join(f"{bound:g}배 이내 {points:g}점" for bound, points in task.ratios)
    print(f"채점 기준 {qualname}: {rules}, 결과가 참조와 같으면 {task.equivalence_points:g}점")

# %% [markdown] nbgrader={"grade": false, "grade_id": "train-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습 (training)
#
# 최적화 방법 (optimizer)은 Adam (학습률 0.001), 배치 크기는 128 입니다. 진행 막대 (progress bar)가
# 배치마다 지금까지의 평균 손실과 정확도를 보여 주고, 에폭이 끝나면 검증 정확도 (`val_acc`)를
# 보여 줍니다. 모델 (`model`)은 학습한 가중치를 가지고 있으니, 한 번 더 실행하면 이어서 학습합니다.
#
# **걸리는 시간** (잰 값): 참조 구현은 2코어 컴퓨터에서 한 에폭 (55,000장) 약 14초, 8 에폭에 2분이며
# 한 에폭 뒤 테스트 정확도 약 98.2%, 8 에폭 뒤 약 99.1% 입니다. 벡터화한 여러분의 층 함수도 비슷한
# 시간 (몇 배 이내)이 걸립니다. 픽셀마다 반복문을 도는 합성곱이면 한 에폭에 한 시간이 넘을 수 있습니다:
# 위 "속도" 셀이 예상 시간을 알려 주니, 너무 길면 먼저 벡터화하세요. 시간이 없으면 `SHORT = True`
# 로 바꾸어 10,000장으로 2 에폭만 학습할 수 있습니다 (참조 구현으로 약 40초, 테스트 정확도 약 96%:
# 90% 기준의 점수만 받습니다. 99% 기준에는 전체 학습이 필요합니다).

# %% nbgrader={"grade": false, "grade_id": "train", "locked": true, "schema_version": 3, "solution": false}
SHORT = False  # True: 10,000장 x 2 에폭 (a shorter run)
EPOCHS = 1 if QUICK else (2 if SHORT else FULL_EPOCHS)
BATCH_SIZE = 64 if QUICK else 128
TRAIN_IMAGES = 10_000 if SHORT else len(x_train)
history = None
if model is not None:
    if model.optimizer is None:
        model.compile(optimizer=Adam(learning_rate=1e-3))
    start = time.perf_counter()
    history = attempt("학습 (training)", model.fit, x_train[:TRAIN_IMAGES], y_train[:TRAIN_IMAGES],
                      epochs=EPOCHS,
                      batch_size=BATCH_SIZE, validation_data=(x_val, y_val),
                      slow_epoch_seconds=1800)
    print(f"학습 시간 (training time): {format_duration(time.perf_counter() - start)}")
else:
    print("모델이 없어 학습을 건너뜁니다 (no model: skipping training).")

# %% [markdown] nbgrader={"grade": false, "grade_id": "curves-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.5 과적합 확인: 학습 곡선 (training curves)
#
# 학습 정확도는 계속 오르는데 검증 정확도가 멈추거나 떨어지고 검증 손실이 오르기 시작하면
# **과적합** 입니다: 모델이 학습 데이터에 지나치게 맞추어져 처음 보는 데이터를 잘 예측하지 못합니다.
# 드롭아웃은 학습 단계에서만 뉴런의 일부를 끄므로, 학습 정확도 (드롭아웃 켬)가 검증 정확도
# (드롭아웃 끔)보다 낮게 나오기도 합니다.

# %% nbgrader={"grade": false, "grade_id": "curves", "locked": true, "schema_version": 3, "solution": false}
if history is not None:
    for epoch in range(history.epochs):
        print(f"epoch {epoch + 1}: loss {history['loss'][epoch]:.4f}, "
              f"accuracy {history['accuracy'][epoch]:.4f}, "
              f"val_loss {history['val_loss'][epoch]:.4f}, "
              f"val_accuracy {history['val_accuracy'][epoch]:.4f}, "
              f"{history['epoch_time'][epoch]:.0f} s")
    display(plot_history(history, title="MNIST CNN"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "evaluate-md", "locked": true, "schema_version": 3, "solution": false}
# ## 테스트 결과: 혼동 행렬과 틀린 예
#
# **혼동 행렬** (confusion matrix)의 행은 실제 숫자, 열은 모델이 예측한 숫자입니다. 대각선이 맞힌
# 개수이고, 대각선 밖의 큰 값은 모델이 자주 헷갈리는 쌍입니다.

# %% nbgrader={"grade": false, "grade_id": "evaluate", "locked": true, "schema_version": 3, "solution": false}
predicted = None
if history is not None:
    test_loss, test_accuracy = model.evaluate(x_test, y_test)
    print(f"테스트 정확도 (test accuracy): {test_accuracy:.2%} ({len(y_test):,}장), 손실 {test_loss:.4f}")
    probabilities = model.predict(x_test)
    predicted = probabilities.argmax(axis=1)
    counts = evaluation_plots.confusion_counts(y_test, predicted, n_classes=10)
    off_diagonal = counts - np.diag(np.diag(counts))
    pairs = np.dstack(np.unravel_index(np.argsort(off_diagonal, axis=None)[::-1][:3], counts.shape))[0]
    print("가장 자주 헷갈린 쌍 (most confused, true → predicted):",
          ", ".join(f"{t} → {p} ({counts[t, p]}번)" for t, p in pairs if counts[t, p]))
    display(evaluation_plots.confusion_matrix(counts))

# %% nbgrader={"grade": false, "grade_id": "mistakes", "locked": true, "schema_version": 3, "solution": false}
if predicted is not None:
    confidence = probabilities[np.arange(len(predicted)), predicted]
    display(evaluation_plots.misclassified_grid(test_images, y_test, predicted,
                                                confidence=confidence, limit=24))

# %% [markdown] nbgrader={"grade": false, "grade_id": "filters-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습된 첫 번째 합성곱층의 필터
#
# 강의 3.2.4: 첫 번째 은닉층은 대개 직선이나 모서리 같은 **아주 간단한 특징**을 학습합니다. 아래는
# `conv2d_1` 의 3×3 커널 32개입니다 (빨강은 양수, 파랑은 음수 가중치). 3.3.1 의 Sobel 필터처럼
# 한쪽은 양수, 반대쪽은 음수인 경계 검출 필터가 보이나요? 그 아래는 한 숫자에 필터 여덟 개를 적용한
# 특징 맵입니다 (여러분의 `conv2d` 와 `relu`).

# %% nbgrader={"grade": false, "grade_id": "filters", "locked": true, "schema_version": 3, "solution": false}
if history is not None:
    kernel = model.parameters()["conv2d_1/kernel"]
    bias = model.parameters()["conv2d_1/bias"]
    print("conv2d_1/kernel:", kernel.shape)
    display(evaluation_plots.filter_grid(kernel, title="conv2d_1: " + label("학습된 필터", "learned filters")))
    maps = model.ops.relu(model.ops.conv2d(x_test[:1], kernel[..., :8], bias[:8]))
    display(evaluation_plots.image_grid(np.moveaxis(maps[0], -1, 0),
                                        [f"{label('필터', 'filter')} {k}" for k in range(8)],
                                        title=label("특징 맵", "feature maps")))

# %% [markdown] nbgrader={"grade": false, "grade_id": "save-md", "locked": true, "schema_version": 3, "solution": false}
# ## 제출할 가중치 저장 (saving the weights)
#
# `model.save_weights("mnist_cnn.npz")` 가 모든 가중치를 이 폴더에 저장합니다. 이 파일을 모듈들과
# 함께 제출하세요. 채점기는 이 파일을 같은 구조의 모델에 불러와 **여러분의 층 함수로** 테스트
# 이미지 10,000장을 평가합니다. 아래 셀은 저장한 파일을 새 모델에 불러와 채점처럼 평가해 봅니다.
# (빠른 점검 모드에서는 제출 파일을 덮어쓰지 않도록 `mnist_cnn_quick.npz` 에 저장합니다.)

# %% nbgrader={"grade": false, "grade_id": "save", "locked": true, "schema_version": 3, "solution": false}
from autograder.model_grading import MODEL_TASKS

WEIGHTS_FILE = "mnist_cnn_quick.npz" if QUICK else "mnist_cnn.npz"
if history is not None:
    saved = model.save_weights(WEIGHTS_FILE)
    print(f"저장했습니다 (saved): {saved} ({saved.stat().st_size / 1e6:.1f} MB)")
    if source != "MNIST":
        print("주의: 그린 숫자로 학습한 가중치입니다. MNIST로 다시 학습하세요.")

report_saved_weights(WEIGHTS_FILE, layers, input_shape, x_test, y_test,
                     MODEL_TASKS["mnist_cnn"].thresholds)

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 4: 서술형 (written answer, 5점 / 5 points)
# 여러분의 학습 곡선에서 과적합의 조짐이 보였는지 학습/검증 정확도와 손실로 설명하고, 드롭아웃층이
# 과적합을 줄이는 이유와 모델의 어디에 두었는지 쓰세요. 혼동 행렬과 틀린 예에서 모델이 자주 헷갈린
# 숫자 쌍은 무엇이었고, 사람이 보기에도 헷갈릴 만했나요?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 5, "schema_version": 3, "solution": true}
# 여덟 에폭 동안 학습 손실은 계속 줄었고 검증 손실도 0.03 안팎까지 줄어 머물렀으며, 검증 정확도는
# 98.6%에서 99.3%로 올라 뚜렷한 과적합은 보이지 않았습니다 (테스트 정확도 99.1%). 학습 정확도는
# 드롭아웃이 켜진 상태로 계산되므로 검증 정확도보다 조금 낮았습니다.
# 드롭아웃은 학습할 때마다 뉴런 일부를 무작위로 꺼서 뉴런끼리 서로 의존하지 못하게 하므로 가중치가
# 특징 사이에 고르게 퍼집니다 (일종의 앙상블). 강의대로 Flatten 뒤 Dense(128)과 출력층 사이에 두었습니다.
# 자주 헷갈린 쌍은 5 → 3, 9 → 4, 2 → 7 로, 획 하나의 차이로 모양이 비슷한 숫자들입니다. 틀린 예 중에는
# 사람이 보기에도 애매하게 쓴 숫자가 많았습니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 함수마다 통과/실패와 힌트를 보여 줍니다 (수치 미분처럼
# 참조 구현이 필요한 검사는 채점 때만 합니다).

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import run_self_check, self_check

# 모델이 쓰는 앞 과제의 순방향 함수들: 결과만 보여 줍니다 (점수는 각자의 과제에서).
# The earlier forward functions the model uses: shown here, graded in their own assignments.
print(run_self_check(".", functions=["conv.conv2d", "pooling.max_pool2d", "dropout.dropout",
                                     "shapes.flatten", "params.count_params"]).text())
self_check(".", assignment="cnn34_mnist_backprop")
