# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.7 프로젝트: 컬러 이미지 분류 문제 (CIFAR-10, AlexNet 간략 버전)
#
# 3.6 에서 본 것처럼 컴퓨터가 보는 컬러 이미지는 너비, 높이, **깊이**를 가진 3차원 행렬, 곧 빨강,
# 초록, 파랑에 해당하는 2차원 행렬 세 개입니다. 컬러 이미지의 합성곱은 합해야 할 항의 수가 세 배로
# 늘어난 것만 빼면 회색조 이미지의 합성곱과 같고, 필터는 색상 채널마다 별도의 커널을 가집니다.
#
# 이번 프로젝트의 목표는 CNN 모델을 학습하여 **CIFAR-10** 데이터셋의 이미지를 분류하는 것입니다.
# CIFAR-10은 컴퓨터 비전 분야에서 널리 알려진 사물 인식 데이터셋으로, 8천만 장으로 구성된
# '80 Million Tiny Images' 의 서브셋입니다. 32×32 크기의 컬러 이미지 6만 장이 클래스당 6천 장씩
# 10가지 클래스로 나뉘어 있습니다 (학습 5만 장, 테스트 1만 장). 모델은 **AlexNet 간략 버전**
# (**CNN 3개 + FC 2개**)이고, 목표는 테스트 데이터에서 **약 65%** 정확도입니다.
#
# ### 여러분의 과제 (your task)
#
# 새로 구현할 함수는 없습니다. 3.4 과제처럼 **여러분이 만든 층 함수** (`conv.py` 의 `conv2d`,
# `pooling.py` 의 `max_pool2d`, `dropout.py` 의 `dropout`, `shapes.py` 의 `flatten`, `backprop.py` 의
# 역전파 함수들)로 모델 전체를 학습합니다. 이번에는 입력이 3채널이고 합성곱층이 `padding="same"`
# 을 쓰므로, 앞 과제의 함수들이 이 경우에도 맞고 빨라야 합니다.
#
# ### 채점 (grading)
# 이 폴더에 저장한 `cifar10_alexnet.npz` 를 **여러분의 층 함수로** 테스트 이미지 10,000장에서 평가하여
# 정확도 50%, 60%, 65% 마다 점수를 줍니다. `params.py` 의 `count_params` 가 모델의 파라미터 수를
# 맞히면 1점이 더 있습니다. 맨 아래 셀이 저장한 가중치를 채점처럼 평가하고, 모델이 쓰는 층 함수를
# 자가 점검 (self-check)합니다.
#
# ### 걸리는 시간 (how long it takes) — 먼저 읽으세요
# - 참조 구현 (벡터화한 층 함수)으로 2코어 컴퓨터에서 한 에폭 (45,000장) 약 40초, 6 에폭에 약 4분이며,
#   3 에폭이면 65% 를 넘습니다. 여러분의 벡터화한 층 함수도 이 몇 배 이내입니다.
# - 픽셀마다 반복문을 도는 층 함수로는 한 에폭에 30분 가까이 (6 에폭에 2시간 반 이상) 걸릴 수 있습니다.
#   아래 "학습 시간 예상" 셀이 여러분의 함수로 한 배치를 재어 전체 학습 시간을 알려 주고, 참조 구현보다
#   훨씬 느리면 3.4 의 벡터화 ("속도" 절)를 먼저 하라고 알려 줍니다.
# - 시간이 없으면 학습 셀의 `SHORT = True` 로 10,000장만 3 에폭 학습할 수 있습니다: 참조 구현으로 약
#   2분 (바쁜 컴퓨터에서 잼), 테스트 정확도 약 51% (50% 기준의 점수만). 학습이 되는 것은 보이지만 65% 에는
#   전체 학습이 필요합니다.
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn37_cifar10").text())

import os
import time

import numpy as np

from cnnlab import evaluation_plots
from cnnlab.data import CIFAR10_CLASSES, DatasetNotFoundError, load_cifar10
from cnnlab.models import cifar10_alexnet
from cnnlab.notebook import (advise_training_time, attempt, check_answer, check_summary,
                             report_saved_weights, report_step_speed)
from cnnlab.plots import label
from cnnlab.train import Adam, Sequential, load_ops, plot_history, to_float_images
from cnnlab.train.profiling import format_duration

# 앞 과제에서 구현한 함수들 (your functions from earlier assignments)
from params import conv2d_params, count_params, summary

# CNN_NOTEBOOK_QUICK=1 이면 몇 백 장, 짧은 1 에폭만 학습합니다 (노트북 점검용).
# 과제를 할 때는 설정하지 마세요: 기본값이 전체 모델 학습입니다.
QUICK = os.environ.get("CNN_NOTEBOOK_QUICK") == "1"
DOWNLOAD = os.environ.get("CNNLAB_OFFLINE") != "1"


print("빠른 점검 모드 (quick mode)" if QUICK else "전체 학습 모드 (full training)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습 데이터: CIFAR-10
#
# 학습 이미지 50,000장 중 마지막 5,000장은 **검증 데이터** (validation data)로 떼어 두고, 테스트
# 이미지 10,000장은 마지막 평가에만 씁니다. 픽셀 값 0~255 는 0~1 로 나눕니다. 처음 불러올 때는 압축된
# 이미지를 푸느라 시간이 조금 걸리고, 그다음부터는 저장해 둔 배열을 바로 읽습니다.
#
# CIFAR-10 파일이 없고 내려받을 수도 없으면 색과 밝기만 다른 합성 이미지로 대신합니다. 그때의
# 정확도는 의미가 없으니 CIFAR-10 을 구하여 다시 실행하세요.

# %% nbgrader={"grade": false, "grade_id": "data", "locked": true, "schema_version": 3, "solution": false}
N_VAL = 5_000


def colour_blobs(n, seed):
    """CIFAR-10이 없을 때 쓰는 합성 컬러 이미지 n장 (uint8, (n, 32, 32, 3)): 클래스마다 다른 색."""
    gen = np.random.default_rng(seed)
    labels = gen.integers(0, 10, n)
    palette = np.random.default_rng(0).integers(40, 216, (10, 3))
    noise = gen.normal(0, 30, (n, 32, 32, 3))
    return np.clip(palette[labels][:, None, None, :] + noise, 0, 255).astype(np.uint8), labels


try:
    (train_images, train_labels), (test_images, test_labels) = load_cifar10(download=DOWNLOAD,
                                                                            progress=not QUICK)
    source = "CIFAR-10"
except DatasetNotFoundError as error:
    print("CIFAR-10을 찾을 수 없어 합성 이미지로 대신합니다 (CIFAR-10 not found; using synthetic images).")
    print(str(error).splitlines()[0])
    train_images, train_labels = colour_blobs(1_200, seed=1)
    test_images, test_labels = colour_blobs(300, seed=2)
    source, N_VAL = "synthetic", 200

if QUICK:  # 노트북 점검용: 몇 백 장만
    N_VAL = min(N_VAL, 256)
    train_images, train_labels = train_images[:512 + N_VAL], train_labels[:512 + N_VAL]
    test_images, test_labels = test_images[:500], test_labels[:500]

x_all, y_all = to_float_images(train_images), train_labels.astype(np.int64)
x_train, y_train = x_all[:-N_VAL], y_all[:-N_VAL]
x_val, y_val = x_all[-N_VAL:], y_all[-N_VAL:]
x_test, y_test = to_float_images(test_images), test_labels.astype(np.int64)
class_names = list(CIFAR10_CLASSES)
print(f"데이터 (data): {source}")
print(f"학습 (train) {x_train.shape}, 검증 (validation) {x_val.shape}, 테스트 (test) {x_test.shape}")
print("클래스 (classes):", ", ".join(f"{k} {name}" for k, name in enumerate(class_names)))
display(evaluation_plots.image_grid(train_images[:16], [class_names[k] for k in train_labels[:16]],
                                    title=label("학습 이미지와 클래스", "training images and classes")))

# %% [markdown] nbgrader={"grade": false, "grade_id": "cost-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.6.2 계산 복잡도의 변화
#
# 이미지 한 장은 `(32, 32, 3)` 배열입니다. 첫 합성곱층 `Conv2D(32, 3, padding="same")` 의 필터는 색상
# 채널마다 3×3 커널을 가지므로 필터 하나가 `3 × 3 × 3 = 27` 개의 가중치와 편향 하나를 가지고, 출력
# 값 하나를 계산할 때 27번 곱합니다. 회색조였다면 9번입니다. 그래서 색이 큰 영향을 주지 않는 문제에서는
# 학습 데이터를 회색조로 바꾸기도 합니다.
#
# ### 과제 1 (task 1)
# 첫 합성곱층 (필터 32개, 3×3, `"same"` 패딩이라 출력도 32×32)에 대해, 컬러 입력일 때와 회색조 입력일
# 때의 파라미터 수를 `color_params`, `gray_params` 에, 이미지 한 장에 대한 곱셈 수를 `color_mults`,
# `gray_mults` 에 저장하세요. 파라미터 수는 3.3.2 과제의 `conv2d_params` 를 써도 됩니다.

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
color_params = None
gray_params = None
color_mults = None
gray_mults = None
### BEGIN SOLUTION
color_params = conv2d_params(3, 3, 32)
gray_params = conv2d_params(3, 1, 32)
color_mults = 32 * 32 * 32 * (3 * 3 * 3)
gray_mults = 32 * 32 * 32 * (3 * 3 * 1)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
# 파라미터: KH x KW x C_in x filters + filters, 곱셈: 출력 값의 수 (H' x W' x filters) x KH x KW x C_in
for channels, params_, mults_ in ((3, color_params, color_mults), (1, gray_params, gray_mults)):
    name = "color" if channels == 3 else "gray"
    check_answer(f"{name}_params", params_, 3 * 3 * channels * 32 + 32)
    check_answer(f"{name}_mults", mults_, (32 * 32 * 32) * (3 * 3 * channels))
if color_mults is not None and gray_mults is not None:
    print(f"컬러 입력은 첫 층에서 곱셈이 {color_mults / gray_mults:.0f}배입니다.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "model-md", "locked": true, "schema_version": 3, "solution": false}
# ## AlexNet 간략 버전: CNN 3개 + FC 2개
#
# - `Conv2D(32, 3, same, relu)` → `MaxPooling2D(2)`: 32×32 → 16×16
# - `Conv2D(64, 3, same, relu)` → `MaxPooling2D(2)`: 16×16 → 8×8
# - `Conv2D(128, 3, same, relu)` → `MaxPooling2D(2)`: 8×8 → 4×4
# - `Flatten()` → `Dropout(0.25)` → `Dense(256, relu)` → `Dropout(0.5)` → `Dense(10, softmax)`
#
# AlexNet 처럼 합성곱층을 지날수록 가로세로는 반으로 줄고 필터 수 (깊이)는 두 배로 늘어납니다.
# 드롭아웃층은 3.5.4 에서 배운 대로 1차원 벡터 변환 뒤와 출력층 사이에 둡니다. 채점도 이 구조
# (`cnnlab.models.cifar10_alexnet`)를 쓰니 그대로 쓰세요.
#
# `load_ops(".")` 는 이 노트북 옆의 모듈에서 층 함수를 불러오고, `Sequential` 은 그 함수들로 순방향과
# 역전파를 계산합니다. 모듈을 고쳤다면 이 셀부터 다시 실행하세요.

# %% nbgrader={"grade": false, "grade_id": "build", "locked": true, "schema_version": 3, "solution": false}
layers, input_shape = cifar10_alexnet()
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

# %% [markdown] nbgrader={"grade": false, "grade_id": "task2-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 2 (task 2): 모델 요약과 파라미터 수
# `summary` 와 `count_params` 로 이 모델의 층별 요약을 `my_rows` 에, 전체 파라미터 수를 `my_total` 에
# 저장하세요. 아래 셀이 학습할 모델 (`Sequential.summary()`)과 비교합니다. 파라미터의 대부분은 어느
# 층에 있나요?

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
my_rows = None
my_total = None
### BEGIN SOLUTION
my_rows = summary(layers, input_shape)
my_total = count_params(layers, input_shape)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
if model is not None:
    model_rows = model.summary()
else:  # 모델을 아직 만들 수 없으면 식으로: KH x KW x C_in x filters + filters, n_in x units + units
    names_ = ["conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2", "conv2d_3",
              "max_pooling2d_3", "flatten_1", "dropout_1", "dense_1", "dropout_2", "dense_2"]
    shapes_ = [(32, 32, 32), (16, 16, 32), (16, 16, 64), (8, 8, 64), (8, 8, 128), (4, 4, 128),
               (2048,), (2048,), (256,), (256,), (10,)]
    counts_ = [3 * 3 * 3 * 32 + 32, 0, 3 * 3 * 32 * 64 + 64, 0, 3 * 3 * 64 * 128 + 128, 0, 0, 0,
               2048 * 256 + 256, 0, 256 * 10 + 10]
    model_rows = list(zip(names_, shapes_, counts_))
check_summary(my_rows, my_total, model_rows, layers)

# %% [markdown] nbgrader={"grade": false, "grade_id": "speed-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습 시간 예상 (speed estimate)
#
# 이 모델은 3.4 의 MNIST 모델보다 합성곱이 하나 더 많고 입력도 크고 깊어서, 한 배치의 학습이 더
# 오래 걸립니다. 아래 셀은 한 배치를 학습하며 층 함수마다 걸린 시간을 재고, 한 에폭의 예상 시간을
# 보여 줍니다. 합성곱이 대부분을 차지한다면 3.4 에서 배운 im2col 과 행렬 곱 한 번으로 벡터화하세요.

# %% nbgrader={"grade": false, "grade_id": "speed", "locked": true, "schema_version": 3, "solution": false}
FULL_TRAIN_SIZE, FULL_EPOCHS = 45_000, 6
PROFILE_BATCH = 32 if QUICK else 128
profile = None
if ops is not None:
    profile = report_step_speed(layers, input_shape, ops, x_train, y_train, PROFILE_BATCH,
                                FULL_TRAIN_SIZE)
# 참조 구현: 2코어 컴퓨터에서 한 에폭 약 40초 (benchmarks/README.md)
advise_training_time(profile, FULL_TRAIN_SIZE, FULL_EPOCHS, reference_epoch_seconds=40,
                     shorter="아래 학습 셀에서 SHORT = True (10,000장 x 3 에폭, 테스트 정확도 약 51%)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "train-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습 (training)
#
# Adam (학습률 0.001), 배치 크기 128 로 학습합니다. 진행 막대가 배치마다 평균 손실과 정확도를, 에폭이
# 끝나면 검증 정확도 (`val_acc`)를 보여 줍니다. 3 에폭이면 테스트 정확도가 약 65%, 6 에폭이면 약 70%에
# 이릅니다. 걸리는 시간은 맨 위 "걸리는 시간" 과 위의 예상 시간을 보세요.
# 모델은 학습한 가중치를 가지고 있으니 셀을 한 번 더 실행하면 이어서 학습합니다.

# %% nbgrader={"grade": false, "grade_id": "train", "locked": true, "schema_version": 3, "solution": false}
SHORT = False  # True: 10,000장 x 3 에폭 (a shorter run, about 51%)
EPOCHS = 1 if QUICK else (3 if SHORT else FULL_EPOCHS)
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
# ## 학습 곡선 (training curves)
#
# CIFAR-10 은 MNIST 보다 훨씬 어렵습니다. 학습 정확도가 검증 정확도보다 점점 더 높아지고 검증 손실이
# 다시 오르기 시작하면 과적합입니다. 그때가 학습을 멈출 때입니다.

# %% nbgrader={"grade": false, "grade_id": "curves", "locked": true, "schema_version": 3, "solution": false}
if history is not None:
    for epoch in range(history.epochs):
        print(f"epoch {epoch + 1}: loss {history['loss'][epoch]:.4f}, "
              f"accuracy {history['accuracy'][epoch]:.4f}, "
              f"val_loss {history['val_loss'][epoch]:.4f}, "
              f"val_accuracy {history['val_accuracy'][epoch]:.4f}, "
              f"{history['epoch_time'][epoch]:.0f} s")
    display(plot_history(history, title="CIFAR-10 AlexNet"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "evaluate-md", "locked": true, "schema_version": 3, "solution": false}
# ## 테스트 결과: 혼동 행렬과 틀린 예
#
# 혼동 행렬의 행은 실제 클래스, 열은 예측한 클래스입니다. 어떤 클래스끼리 자주 헷갈리나요 (예를 들어
# 고양이와 개, 자동차와 트럭)? 행마다 맞힌 비율 (클래스별 정확도)도 봅니다.

# %% nbgrader={"grade": false, "grade_id": "evaluate", "locked": true, "schema_version": 3, "solution": false}
predicted = None
if history is not None:
    test_loss, test_accuracy = model.evaluate(x_test, y_test)
    print(f"테스트 정확도 (test accuracy): {test_accuracy:.2%} ({len(y_test):,}장), 손실 {test_loss:.4f}")
    probabilities = model.predict(x_test)
    predicted = probabilities.argmax(axis=1)
    counts = evaluation_plots.confusion_counts(y_test, predicted, n_classes=10)
    per_class = counts.diagonal() / np.maximum(counts.sum(axis=1), 1)
    print("클래스별 정확도 (accuracy per class):")
    for k in np.argsort(per_class)[::-1]:
        print(f"  {class_names[k]:>10}: {per_class[k]:.1%}")
    display(evaluation_plots.confusion_matrix(counts, class_names))

# %% nbgrader={"grade": false, "grade_id": "mistakes", "locked": true, "schema_version": 3, "solution": false}
if predicted is not None:
    confidence = probabilities[np.arange(len(predicted)), predicted]
    display(evaluation_plots.misclassified_grid(test_images, y_test, predicted, class_names,
                                                confidence=confidence, limit=24))

# %% [markdown] nbgrader={"grade": false, "grade_id": "filters-md", "locked": true, "schema_version": 3, "solution": false}
# ## 학습된 첫 번째 합성곱층의 필터: 컬러 필터
#
# 컬러 이미지의 필터는 색상 채널마다 커널을 가지므로 `conv2d_1` 의 필터 하나는 3×3×3 입니다. R, G, B
# 커널을 하나의 컬러 이미지로 그리면 (가중치 0 은 회색) 필터가 어떤 색과 어떤 방향의 경계에
# 반응하는지 보입니다. 밝기 경계를 찾는 회색 필터와 특정 색을 찾는 컬러 필터가 섞여 있나요?

# %% nbgrader={"grade": false, "grade_id": "filters", "locked": true, "schema_version": 3, "solution": false}
if history is not None:
    kernel = model.parameters()["conv2d_1/kernel"]
    print("conv2d_1/kernel:", kernel.shape)
    display(evaluation_plots.filter_grid(kernel, title="conv2d_1: " + label("학습된 컬러 필터",
                                                                            "learned RGB filters")))

# %% [markdown] nbgrader={"grade": false, "grade_id": "save-md", "locked": true, "schema_version": 3, "solution": false}
# ## 제출할 가중치 저장과 채점처럼 평가하기
#
# `model.save_weights("cifar10_alexnet.npz")` 가 모든 가중치를 이 폴더에 저장합니다. 이 파일을 모듈들과
# 함께 제출하세요. 아래 셀은 저장한 파일을 새 모델에 불러와 채점처럼 **여러분의 층 함수로** 테스트
# 이미지를 평가하고, 정확도 기준마다 점수를 보여 줍니다. (빠른 점검 모드에서는 제출 파일을 덮어쓰지
# 않도록 `cifar10_alexnet_quick.npz` 에 저장합니다.)

# %% nbgrader={"grade": false, "grade_id": "save", "locked": true, "schema_version": 3, "solution": false}
from autograder.model_grading import MODEL_TASKS

WEIGHTS_FILE = "cifar10_alexnet_quick.npz" if QUICK else "cifar10_alexnet.npz"
if history is not None:
    saved = model.save_weights(WEIGHTS_FILE)
    print(f"저장했습니다 (saved): {saved} ({saved.stat().st_size / 1e6:.1f} MB)")
    if source != "CIFAR-10":
        print("주의: 합성 이미지로 학습한 가중치입니다. CIFAR-10 으로 다시 학습하세요.")

report_saved_weights(WEIGHTS_FILE, layers, input_shape, x_test, y_test,
                     MODEL_TASKS["cifar10_alexnet"].thresholds)

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3: 서술형 (written answer, 6점 / 6 points)
# 테스트 정확도는 얼마였고, 학습 곡선에서 과적합이 언제부터 보였나요? 혼동 행렬에서 가장 자주 헷갈린
# 클래스 쌍과 가장 잘 맞힌 클래스를 쓰고 그 이유를 생각해 보세요. 학습된 첫 번째 층의 컬러 필터는 어떤
# 특징을 찾는 것처럼 보이나요? 이 문제에서 이미지를 회색조로 바꾸어 학습하면 어떻게 될지, 계산 복잡도와
# 정확도의 관점에서 쓰세요.

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 6, "schema_version": 3, "solution": true}
# 여섯 에폭 뒤 테스트 정확도는 약 70% 였습니다. 학습 정확도는 계속 올랐지만 검증 손실이 줄어드는
# 폭은 에폭마다 작아졌고, 더 학습하면 학습 정확도와 검증 정확도의 차이가 벌어지는 과적합이 보이기
# 시작합니다. 가장 자주 헷갈린 쌍은 고양이와 개 (그리고 자동차와 트럭)로, 32×32 에서는 모양과 색이
# 비슷합니다. 자동차, 배, 개구리처럼 모양이나 배경 색이 뚜렷한 클래스를 잘 맞혔습니다. 첫 층의 필터는
# 밝기 경계를 찾는 회색에 가까운 필터와, 초록이나 파랑처럼 특정 색의 영역을 찾는 필터가 섞여
# 있었습니다. 회색조로 바꾸면 첫 층의 곱셈과 파라미터가 약 3분의 1이 되지만, 이 문제에서는 색 (하늘과
# 바다의 파랑, 풀의 초록)이 클래스를 구별하는 단서이므로 정확도가 떨어질 것입니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 이 과제에서 새로 채점하는 함수는 없고 학습한 모델 (위에서 평가한 가중치 파일)을 채점합니다. 아래
# 셀은 과제 점검에 이어, 이 모델이 학습에 쓰는 층 함수들을 점검하여 정확도가 낮을 때 원인을 찾도록
# 돕습니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn37_cifar10")
LAYER_FUNCTIONS = ["conv.conv2d", "pooling.max_pool2d", "dropout.dropout", "shapes.flatten",
                   "params.count_params", "backprop.relu", "backprop.relu_backward",
                   "backprop.dense_forward", "backprop.dense_backward", "backprop.conv2d_backward",
                   "backprop.max_pool2d_backward", "backprop.dropout_backward",
                   "backprop.softmax_cross_entropy"]
self_check(".", functions=LAYER_FUNCTIONS)
