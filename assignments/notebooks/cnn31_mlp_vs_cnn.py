# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.1 MLP로 이미지 분류하기: MLP와 CNN 비교, 과소적합과 과적합 (3.1, 3.5.1)
#
# 강의 3장의 첫 학습 목표는 "다층 퍼셉트론 (MLP)을 이용해서 이미지 분류하기" 입니다. 3.1 과제에서는
# 강의의 MLP (Flatten → Dense 512 → Dense 512 → Dense 10)의 파라미터 669,706개를 세기만 했습니다.
# 이제 3.4 에서 만든 역전파 함수로 이 MLP를 **실제로 학습**하고, 3.4 의 CNN과 **같은 데이터**에서
# 나란히 비교합니다. 강의가 CNN을 쓰는 이유 (3.1.5: 공간적 특징의 손실, 전결합층의 많은 파라미터)를
# 숫자로 확인하는 것이 목표입니다. 마지막으로 3.5.1 의 **과소적합**과 **과적합**을 너무 작은 신경망과
# 너무 큰 신경망의 학습 곡선으로 봅니다.
#
# ### 여러분의 과제 (your task)
# 새로 구현할 함수는 없습니다. 3.4 과제의 층 함수 (`shapes.py` 의 `flatten`, `backprop.py` 의
# `dense_forward`, `dense_backward`, `relu`, `relu_backward`, `softmax_cross_entropy`)로 MLP를 학습합니다.
#
# ### 채점 (grading)
# 이 폴더에 저장한 `mnist_mlp.npz` 를 **여러분의 층 함수로** MNIST 테스트 이미지 10,000장에서 평가하여
# 정확도 90%, 95%, 97% 마다 점수를 줍니다. `params.py` 의 `count_params` 가 MLP의 파라미터 수
# (669,706)를 맞히면 1점이 더 있습니다.
#
# ### 걸리는 시간 (how long it takes)
# 이 컴퓨터 (2코어)에서 참조 구현으로 잰 시간입니다. 여러분의 노트북 컴퓨터에서도 비슷하거나 조금
# 더 걸립니다.
# - MLP 학습: 55,000장 한 에폭에 약 15초 (전결합층은 행렬 곱이라 누구의 코드로도 빠릅니다), 3 에폭.
# - CNN: 3.4 폴더의 `mnist_cnn.npz` 를 가져오면 학습하지 않습니다. 없으면 5,000장으로 2 에폭
#   (참조 구현 약 15초, 벡터화하지 않은 합성곱이면 몇 분) 학습합니다.
# - 과소적합과 과적합: 1,000장으로 두 신경망을 30 에폭 (약 15초).
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn31_mlp_vs_cnn").text())

import os
import time

import numpy as np

from cnnlab.data import DatasetNotFoundError, load_mnist
from cnnlab.layers import Dense, Flatten
from cnnlab.models import mnist_cnn, mnist_mlp
from cnnlab.notebook import (attempt, check_answer, draw_digit, report_saved_weights,
                             report_step_speed, try_run)
from cnnlab.train import Adam, Sequential, load_ops, plot_histories, plot_history, to_float_images
from cnnlab.train.profiling import format_duration

# 앞 과제에서 구현한 함수 (your function from an earlier assignment)
from params import count_params

# CNN_NOTEBOOK_QUICK=1 이면 몇 백 장, 짧은 에폭만 학습합니다 (노트북 점검용).
# 과제를 할 때는 설정하지 마세요: 기본값이 전체 학습입니다.
QUICK = os.environ.get("CNN_NOTEBOOK_QUICK") == "1"
DOWNLOAD = os.environ.get("CNNLAB_OFFLINE") != "1"
print("빠른 점검 모드 (quick mode)" if QUICK else "전체 학습 모드 (full training)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "data-md", "locked": true, "schema_version": 3, "solution": false}
# ## 데이터: 3.4 와 같은 MNIST
#
# 3.4 와 똑같이 학습 이미지 60,000장 중 마지막 5,000장을 검증 데이터로 떼어 두고, 테스트 이미지
# 10,000장은 평가에만 씁니다. 두 모델 모두 `(28, 28, 1)` 이미지를 받습니다: MLP는 첫 층
# `Flatten` 이 이미지를 784개 값의 벡터로 폅니다 (3.1.1). MNIST가 없으면 그린 숫자로 대신합니다.

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
    train_images, train_labels = drawn_digits(1_500, seed=1)
    test_images, test_labels = drawn_digits(300, seed=2)
    source, N_VAL = "synthetic", 300

if QUICK:  # 노트북 점검용: 몇 백 장만
    N_VAL = min(N_VAL, 300)
    train_images, train_labels = train_images[:600 + N_VAL], train_labels[:600 + N_VAL]
    test_images, test_labels = test_images[:500], test_labels[:500]

x_all, y_all = to_float_images(train_images), train_labels.astype(np.int64)
x_train, y_train = x_all[:-N_VAL], y_all[:-N_VAL]
x_val, y_val = x_all[-N_VAL:], y_all[-N_VAL:]
x_test, y_test = to_float_images(test_images), test_labels.astype(np.int64)
print(f"데이터 (data): {source}")
print(f"학습 (train) {x_train.shape}, 검증 (validation) {x_val.shape}, 테스트 (test) {x_test.shape}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "mlp-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.1.4 강의의 MLP
#
# `cnnlab.models.mnist_mlp()` 는 강의의 MLP입니다: `Flatten()` → `Dense(512, relu)` → `Dense(512, relu)`
# → `Dense(10, softmax)`. 채점도 이 구조를 씁니다.
#
# ### 과제 1 (task 1): 두 모델의 파라미터 수
# 3.3.2 과제의 `count_params` 로 MLP의 파라미터 수를 `mlp_params` 에, 3.4 의 CNN
# (`cnn_layers`, `cnn_shape`)의 파라미터 수를 `cnn_params` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "mlp", "locked": true, "schema_version": 3, "solution": false}
mlp_layers, input_shape = mnist_mlp()
cnn_layers, cnn_shape = mnist_cnn()
for layer in mlp_layers:
    print(" ", layer)

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
mlp_params = None
cnn_params = None
### BEGIN SOLUTION
mlp_params = count_params(mlp_layers, input_shape)
cnn_params = count_params(cnn_layers, cnn_shape)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
# 강의의 식: 784 x 512 + 512, 512 x 512 + 512, 512 x 10 + 10
check_answer("mlp_params", mlp_params, (784 * 512 + 512) + (512 * 512 + 512) + (512 * 10 + 10))
# 3.4: 3x3x1x32 + 32, 3x3x32x64 + 64, 1600 x 128 + 128, 128 x 10 + 10
check_answer("cnn_params", cnn_params,
             (3 * 3 * 1 * 32 + 32) + (3 * 3 * 32 * 64 + 64) + (1600 * 128 + 128) + (128 * 10 + 10))
if mlp_params is not None and cnn_params is not None:
    print(f"MLP의 파라미터는 CNN의 {mlp_params / cnn_params:.1f}배입니다.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "build-md", "locked": true, "schema_version": 3, "solution": false}
# ## MLP 만들기와 속도
#
# `load_ops(".")` 가 이 폴더의 모듈에서 층 함수를 불러오고, `Sequential` 이 그 함수들로 학습합니다.
# 아래 셀은 한 배치를 학습하는 시간을 재어 한 에폭의 예상 시간을 보여 줍니다.

# %% nbgrader={"grade": false, "grade_id": "build", "locked": true, "schema_version": 3, "solution": false}
ops = attempt("층 함수 불러오기 (load_ops)", load_ops, ".")
mlp = None
if ops is not None:
    mlp = attempt("MLP 만들기 (building the MLP)", Sequential, mlp_layers, input_shape, ops=ops, seed=0)
if mlp is not None:
    print(mlp.summary_table())

# %% nbgrader={"grade": false, "grade_id": "speed", "locked": true, "schema_version": 3, "solution": false}
if ops is not None:
    report_step_speed(mlp_layers, input_shape, ops, x_train, y_train, 128, 55_000)

# %% [markdown] nbgrader={"grade": false, "grade_id": "train-md", "locked": true, "schema_version": 3, "solution": false}
# ## MLP 학습 (training the MLP)
#
# 3.4 와 같은 방법입니다: Adam (학습률 0.001), 배치 128, 3 에폭. 이 컴퓨터에서 참조 구현으로 한
# 에폭에 약 15초, 3 에폭 뒤 테스트 정확도는 약 97.5% 였습니다 (한 에폭이면 약 96.4%).

# %% nbgrader={"grade": false, "grade_id": "train", "locked": true, "schema_version": 3, "solution": false}
EPOCHS = 1 if QUICK else 3
history = None
if mlp is not None:
    mlp.compile(optimizer=Adam(learning_rate=1e-3))
    start = time.perf_counter()
    history = attempt("MLP 학습 (training)", mlp.fit, x_train, y_train, epochs=EPOCHS,
                      batch_size=128, validation_data=(x_val, y_val))
    mlp_seconds = time.perf_counter() - start
    print(f"학습 시간 (training time): {format_duration(mlp_seconds)}")
if history is not None:
    display(plot_history(history, title="MNIST MLP (784-512-512-10)"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "save-md", "locked": true, "schema_version": 3, "solution": false}
# ## 제출할 가중치 저장 (saving the weights)
#
# `mnist_mlp.npz` 를 모듈들과 함께 제출하세요. 아래 셀은 저장한 파일을 새 모델에 불러와 채점처럼
# 평가합니다. (빠른 점검 모드에서는 `mnist_mlp_quick.npz` 에 저장합니다.)

# %% nbgrader={"grade": false, "grade_id": "save", "locked": true, "schema_version": 3, "solution": false}
from autograder.model_grading import MODEL_TASKS

WEIGHTS_FILE = "mnist_mlp_quick.npz" if QUICK else "mnist_mlp.npz"
if history is not None:
    print(f"저장했습니다 (saved): {mlp.save_weights(WEIGHTS_FILE)}")
report_saved_weights(WEIGHTS_FILE, mlp_layers, input_shape, x_test, y_test,
                     MODEL_TASKS["mnist_mlp"].thresholds)

# %% [markdown] nbgrader={"grade": false, "grade_id": "cnn-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.4 의 CNN과 비교하기 (MLP vs CNN on the same data)
#
# 3.4 에서 학습한 `mnist_cnn.npz` 가 이 폴더에 있으면 (설정 셀의 `carry_forward` 가 3.4 폴더에서
# 가져옵니다) 그 가중치를 **여러분의 층 함수로** 평가합니다. 없으면 CNN을 학습 이미지 5,000장으로
# 2 에폭 학습합니다 (참조 구현 약 15초; 이때의 정확도는 3.4 의 전체 학습보다 낮습니다, 약 94%).

# %% nbgrader={"grade": false, "grade_id": "cnn", "locked": true, "schema_version": 3, "solution": false}
cnn = None
if ops is not None:
    cnn = attempt("CNN 만들기 (building the CNN)", Sequential, cnn_layers, cnn_shape, ops=ops, seed=0)
cnn_source = None


def load_trained_cnn():
    cnn.load_weights("mnist_cnn.npz")
    return "3.4 에서 학습한 mnist_cnn.npz"


if cnn is not None and os.path.exists("mnist_cnn.npz"):
    cnn_source = attempt("mnist_cnn.npz 불러오기 (loading)", load_trained_cnn)
elif cnn is not None:
    subset = 600 if QUICK else 5_000
    print(f"mnist_cnn.npz 가 없어 CNN을 {subset:,}장으로 학습합니다 (no mnist_cnn.npz: training here).")
    cnn.compile(optimizer=Adam(learning_rate=1e-3))
    if attempt("CNN 학습 (training)", cnn.fit, x_train[:subset], y_train[:subset],
               epochs=1 if QUICK else 2, batch_size=64) is not None:
        cnn_source = f"이 노트북에서 {subset:,}장으로 학습"
print("CNN:", cnn_source or "없음 (none)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "task2-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 2 (task 2): 같은 테스트 이미지에서의 정확도
# `mlp.predict` 와 `cnn.predict` 로 두 모델의 테스트 이미지 예측 (확률이 가장 큰 클래스)을 구하여,
# 테스트 정확도를 `mlp_accuracy`, `cnn_accuracy` 에 저장하세요 (0과 1 사이의 비율).

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
mlp_accuracy = None
cnn_accuracy = None
### BEGIN SOLUTION
mlp_accuracy = float(np.mean(mlp.predict(x_test).argmax(axis=1) == y_test))
cnn_accuracy = float(np.mean(cnn.predict(x_test).argmax(axis=1) == y_test))
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
results = {}
for name, model, answer in (("MLP", mlp, mlp_accuracy), ("CNN", cnn, cnn_accuracy)):
    if model is None or (name == "CNN" and cnn_source is None):
        continue
    evaluated = attempt(f"{name} 평가 (evaluating)", model.evaluate, x_test, y_test)
    if evaluated is not None:
        check_answer(f"{name.lower()}_accuracy", answer, evaluated[1], atol=1e-9)
        results[name] = (model.count_params(), evaluated[1])
if results:
    print(f"\n{'모델 (model)':<14}{'파라미터 (params)':>18}{'테스트 정확도':>14}{'틀린 수 (errors)':>18}")
    for name, (params_, accuracy_) in results.items():
        errors = int(round((1 - accuracy_) * len(y_test)))
        print(f"{name:<14}{params_:>18,}{accuracy_:>14.2%}{errors:>18,}")
    print(f"(테스트 이미지 {len(y_test):,}장; CNN: {cnn_source})")

# %% [markdown] nbgrader={"grade": false, "grade_id": "shift-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.1.5.1 공간적 특징의 손실: 숫자를 옆으로 옮기면
#
# MLP는 784개의 자리마다 따로 가중치를 배우므로, 같은 숫자라도 자리가 바뀌면 처음 보는 입력입니다.
# CNN의 커널은 이미지 전체에서 함께 쓰이고 풀링이 작은 이동을 흡수합니다. 테스트 숫자를 오른쪽으로
# 3픽셀 옮겨 (왼쪽은 0으로 채움) 두 모델을 다시 평가해 봅니다.

# %% nbgrader={"grade": false, "grade_id": "shift", "locked": true, "schema_version": 3, "solution": false}
shifted = np.zeros_like(x_test)
shifted[:, :, 3:, :] = x_test[:, :, :-3, :]
for name, model in (("MLP", mlp), ("CNN", cnn)):
    if model is None or name not in results:
        continue
    moved = attempt(f"{name} 평가 (evaluating)", model.evaluate, shifted, y_test)
    if moved is not None:
        print(f"{name}: 원래 {results[name][1]:.2%} → 3픽셀 옮긴 숫자 {moved[1]:.2%} "
              f"(shifted right by 3 pixels)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "fit-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.5.1 과소적합과 과적합 (underfitting and overfitting)
#
# - **과소적합**: 모델이 데이터를 나타내기에 너무 단순하여 학습 데이터에도 잘 맞지 않습니다.
# - **과적합**: 모델이 학습 데이터에 지나치게 맞아 학습 오차는 매우 작지만, 처음 보는 데이터는 잘
#   예측하지 못합니다.
#
# 학습 이미지 **1,000장**으로 두 신경망을 30 에폭 학습하고, 검증 이미지 2,000장으로 에폭마다
# 평가합니다. 너무 작은 신경망은 은닉층의 노드가 **2개**뿐이고, 너무 큰 신경망은 강의의 MLP
# (파라미터 669,706개, 이미지 1,000장의 670배)입니다. 이 컴퓨터에서 둘을 합쳐 약 15초 걸렸고,
# 작은 신경망은 학습과 검증 정확도가 모두 약 43%, 큰 신경망은 학습 정확도 100% 에 검증 손실이
# 7 에폭쯤 가장 낮았다가 다시 올랐습니다.

# %% nbgrader={"grade": false, "grade_id": "fit", "locked": true, "schema_version": 3, "solution": false}
FEW, FIT_EPOCHS = (200, 6) if QUICK else (1_000, 30)
networks = {
    "너무 작은 신경망 (too small: 784-2-10)": [Flatten(), Dense(2, activation="relu"),
                                             Dense(10, activation="softmax")],
    "너무 큰 신경망 (too large: 784-512-512-10)": mlp_layers,
}
histories = {}
if ops is not None:
    for name, layers_ in networks.items():
        net = attempt(name, Sequential, layers_, input_shape, ops=ops, seed=0)
        if net is None:
            break
        net.compile(optimizer=Adam(learning_rate=1e-3))
        fitted = attempt(name, net.fit, x_train[:FEW], y_train[:FEW], epochs=FIT_EPOCHS,
                         batch_size=64, validation_data=(x_val[:2_000], y_val[:2_000]),
                         verbose=False)
        if fitted is None:
            break
        histories[name] = fitted
        print(f"{name}: 학습 정확도 {fitted['accuracy'][-1]:.1%}, 검증 정확도 "
              f"{fitted['val_accuracy'][-1]:.1%}, 가장 낮은 검증 손실 {min(fitted['val_loss']):.3f} "
              f"(마지막 {fitted['val_loss'][-1]:.3f})")
if len(histories) == len(networks):
    display(plot_histories(histories))

# %% [markdown] nbgrader={"grade": false, "grade_id": "task3-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3 (task 3): 언제 멈추어야 했나
# 너무 큰 신경망의 기록 (`histories[big]`, `History` 의 `["val_loss"]`, `["accuracy"]`,
# `["val_accuracy"]`)에서 검증 손실이 가장 낮았던 에폭 (1부터 셉니다)을 `best_epoch` 에, 마지막
# 에폭의 학습 정확도와 검증 정확도의 차이 (학습 - 검증)를 `final_gap` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task3-data", "locked": true, "schema_version": 3, "solution": false}
big = list(networks)[1]

# %% nbgrader={"grade": false, "grade_id": "task3", "locked": false, "schema_version": 3, "solution": true}
best_epoch = None
final_gap = None
### BEGIN SOLUTION
best_epoch = int(np.argmin(histories[big]["val_loss"])) + 1
final_gap = histories[big]["accuracy"][-1] - histories[big]["val_accuracy"][-1]
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task3-check", "locked": true, "schema_version": 3, "solution": false}
if big in histories:
    curve = histories[big]
    lowest = min(curve["val_loss"])
    check_answer("best_epoch", best_epoch, [e + 1 for e, v in enumerate(curve["val_loss"])
                                            if v == lowest][0])
    check_answer("final_gap", final_gap, curve["accuracy"][-1] - curve["val_accuracy"][-1],
                 atol=1e-9)
    if best_epoch is not None:
        print(f"검증 손실은 {best_epoch} 에폭에 가장 낮았고, 그 뒤 {FIT_EPOCHS - best_epoch} 에폭은 "
              f"학습 데이터를 외우는 데 썼습니다.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 4: 서술형 (written answer, 5점 / 5 points)
# (1) 같은 데이터에서 MLP와 CNN의 파라미터 수와 테스트 정확도, 그리고 숫자를 옮겼을 때의 정확도를
# 비교하여, 강의가 이미지에 CNN을 쓰는 두 이유 (3.1.5)를 여러분의 숫자로 설명하세요.
# (2) 너무 작은 신경망과 너무 큰 신경망의 학습 곡선에서 과소적합과 과적합을 어떻게 알아볼 수
# 있었나요? 과적합을 줄이려면 무엇을 할 수 있을까요 (3.5)?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 5, "schema_version": 3, "solution": true}
# (1) MLP는 파라미터가 669,706개로 CNN (225,034개)의 약 3배인데도 테스트 정확도는 약 97.5%로 CNN
# (약 99%)보다 낮았고 틀린 숫자가 두 배 이상 많았습니다. 전결합층은 모든 픽셀을 모든 노드에 잇기
# 때문에 파라미터가 많고 (복잡한 신경망 학습), 픽셀의 위치마다 따로 배우므로 숫자를 3픽셀 옮기면
# MLP의 정확도가 CNN보다 훨씬 크게 떨어졌습니다 (공간적 특징의 손실).
# (2) 너무 작은 신경망은 학습 정확도와 검증 정확도가 모두 낮고 비슷했습니다: 학습 데이터에도 맞지
# 않는 과소적합입니다. 너무 큰 신경망은 학습 정확도가 100%가 되었지만 검증 손실은 몇 에폭 뒤
# 다시 올랐고 학습과 검증 정확도의 차이가 컸습니다: 과적합입니다. 검증 손실이 가장 낮은 에폭에서
# 멈추거나, 드롭아웃을 넣거나, 학습 데이터를 늘리면 과적합을 줄일 수 있습니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 이 과제는 학습한 MLP (위에서 평가한 가중치 파일)를 채점합니다. 아래 셀은 MLP가 쓰는 층 함수를
# 점검하여 정확도가 낮을 때 원인을 찾도록 돕습니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn31_mlp_vs_cnn")
self_check(".", functions=["shapes.flatten", "params.count_params", "backprop.relu",
                           "backprop.relu_backward", "backprop.dense_forward",
                           "backprop.dense_backward", "backprop.softmax_cross_entropy"])
