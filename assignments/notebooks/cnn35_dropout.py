# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.5 과적합을 방지하기 위해 드롭아웃층 추가하기 (dropout)
#
# **과적합** (overfitting)은 모델이 학습 데이터에 지나치게 맞추어져 처음 보는 데이터를 잘 예측하지
# 못하는 현상이고, **과소적합** (underfitting)은 모델이 너무 단순해 학습 데이터조차 잘 나타내지
# 못하는 현상입니다. 과적합을 막는 가장 널리 쓰이는 방법이 **드롭아웃** (dropout) 입니다.
#
# 드롭아웃층은 학습 단계에서 층의 뉴런 (노드) 중 일정 비율 `rate` 를 무작위로 비활성화합니다
# (순방향과 역전파 계산에 참여하지 않음). 그러면 다른 노드가 비활성화된 노드 없이도 패턴을 배워야
# 하므로 가중치가 특징 사이에 고르게 퍼집니다. 일종의 앙상블 학습이며, **테스트 단계에서는 사용하지
# 않습니다**.
#
# 여기서는 **역 드롭아웃** (inverted dropout)을 구현합니다: 학습 중 남은 값을 `1 / (1 - rate)` 배로
# 키워 두면 출력의 기대값이 입력과 같아지므로, 테스트 때는 아무것도 바꿀 필요가 없습니다.
#
# ### 여러분의 과제 (your task)
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `dropout.py` | `dropout(x, rate, training=True, rng=None)` | `(out, keep_mask)` 를 돌려줌: `out = x * keep_mask / (1 - rate)` |
#
# 각 원소는 확률 `1 - rate` 로 남고 (`keep_mask` 가 True), `training=False` 이면 `out` 은 `x` 와 같고
# 마스크는 모두 True 입니다. `rng` 는 `numpy.random.Generator` 이며 같은 시드 (seed)는 같은 마스크를
# 만들어야 합니다. 마지막의 자가 점검 (self-check) 셀이 결과와 힌트를 보여 줍니다.
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn35_dropout").text())

import numpy as np

from cnnlab import plots
from cnnlab.models import cifar10_alexnet, mnist_cnn
from cnnlab.notebook import check_answer, format_summary, load_digits, try_run
from cnnlab.plots import label

# 여러분이 구현하는 함수 (your function)
from dropout import dropout

# %% [markdown] nbgrader={"grade": false, "grade_id": "masks-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.5.2 드롭아웃층이란: 마스크 보기
#
# 뉴런 100개 (10×10 격자)에 `rate` 를 바꾸어 가며 드롭아웃을 적용한 마스크입니다. 이 노트북의 모든
# 마스크 그림에서 흰 칸은 남은 뉴런, 검은 칸은 비활성화된 뉴런입니다. 남은 비율은 대략 `1 - rate` 입니다.

# %% nbgrader={"grade": false, "grade_id": "masks", "locked": true, "schema_version": 3, "solution": false}
neurons = np.ones((10, 10))
masks = {}
for rate in (0.2, 0.5, 0.8):
    result = try_run(dropout, neurons, rate, rng=np.random.default_rng(2024))
    if result is None:
        break
    masks[f"rate = {rate}"] = result[1]
else:
    display(plots.dropout_masks(masks))

# %% [markdown] nbgrader={"grade": false, "grade_id": "task1-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 1 (task 1): 남는 비율과 기대값
# 값이 모두 3.0 인 100,000개짜리 배열 `x` 에 `rate = 0.3` 으로 드롭아웃을 적용하고 (`rng` 는 아래에
# 준 것을 쓰세요), 남은 원소의 비율을 `kept_fraction` 에, 출력의 평균을 `out_mean` 에 저장하세요.
# 역 드롭아웃이므로 `out_mean` 은 입력의 평균 3.0 에 가까워야 합니다.

# %% nbgrader={"grade": false, "grade_id": "task1-data", "locked": true, "schema_version": 3, "solution": false}
x = np.full(100_000, 3.0)
rate = 0.3
rng = np.random.default_rng(7)

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
kept_fraction = None
out_mean = None
### BEGIN SOLUTION
out, keep_mask = dropout(x, rate, rng=rng)
kept_fraction = keep_mask.mean()
out_mean = out.mean()
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
# 100,000개 중 남는 개수의 표준편차는 sqrt(n p (1-p)) 이므로 비율의 오차는 0.01 보다 훨씬 작습니다.
check_answer("kept_fraction", kept_fraction, 1 - rate, atol=0.01)
check_answer("out_mean", out_mean, x.mean(), atol=0.05)

# %% [markdown] nbgrader={"grade": false, "grade_id": "scale-md", "locked": true, "schema_version": 3, "solution": false}
# ### 남은 값은 얼마나 커지나요?
# `rate = 0.5` 이면 남은 값은 두 배가 됩니다. 숫자 이미지의 픽셀에 드롭아웃을 적용해 봅시다
# (실제 모델에서는 이미지가 아니라 Flatten 뒤의 특징 벡터에 적용합니다). 테스트 단계
# (`training=False`)에서는 입력이 그대로 나옵니다. 숫자 그림은 MNIST처럼 0 이 흰 종이, 큰 값이 검은
# 잉크이고, 마스크는 위의 그림과 같이 흰 칸이 남은 픽셀입니다.

# %% nbgrader={"grade": false, "grade_id": "digit", "locked": true, "schema_version": 3, "solution": false}
digits = load_digits(1)
image = digits.images[0].astype(np.float64) / 255.0
train = try_run(dropout, image, 0.5, rng=np.random.default_rng(0))
test = try_run(dropout, image, 0.5, training=False)
if train is not None and test is not None:
    print("학습 (training): 남은 값의 배율 (scale of kept values) =",
          np.unique(np.round(train[0][train[1] & (image > 0)] / image[train[1] & (image > 0)], 6)))
    print("테스트 (test): 입력과 같은가? (out equals x)", np.array_equal(test[0], image),
          "| 마스크가 모두 True? (mask all True)", bool(test[1].all()))
    mask_title = label("남은 픽셀 (흰색)", "keep mask, white = kept")
    display(plots.images_row({label("입력", "input"): image,
                              label("학습, rate 0.5", "training, rate 0.5"): train[0],
                              mask_title: train[1].astype(float),
                              label("테스트", "test, training=False"): test[0]},
                             cmaps={mask_title: plots.MASK}))

# %% [markdown] nbgrader={"grade": false, "grade_id": "task2-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 2 (task 2): 같은 시드, 같은 마스크
# 실험을 재현하려면 같은 시드에서 같은 마스크가 나와야 합니다. `np.random.default_rng(42)` 로 만든
# 생성기 두 개로 `np.ones((4, 5))` 에 `rate = 0.5` 드롭아웃을 각각 적용하여 두 마스크를
# `mask_a`, `mask_b` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
mask_a = None
mask_b = None
### BEGIN SOLUTION
mask_a = dropout(np.ones((4, 5)), 0.5, rng=np.random.default_rng(42))[1]
mask_b = dropout(np.ones((4, 5)), 0.5, rng=np.random.default_rng(42))[1]
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
check_answer("mask_a.shape", getattr(mask_a, "shape", None), (4, 5))
if mask_a is not None and mask_b is not None:
    check_answer("mask_b (== mask_a)", mask_b, mask_a)

# %% [markdown] nbgrader={"grade": false, "grade_id": "where-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.5.4 CNN 구조 중 어디에 드롭아웃층을 넣을까
#
# 드롭아웃층은 추출된 특징을 1차원 벡터로 변환한 다음부터 마지막 출력층 사이에 두는 것이
# 일반적입니다. 드롭아웃층에는 파라미터가 없고 모양도 바꾸지 않습니다. 아래는 뒤의 과제에서
# 학습하는 두 모델 그대로입니다 (3.3.2 과제의 `summary` 를 씁니다; 아직 구현하지 않았다면 안내만
# 나옵니다).
# - 3.4 의 MNIST CNN (`cnnlab.models.mnist_cnn`): `Dense(128)` 뒤에 `Dropout(0.5)` 하나.
# - 3.7 의 AlexNet 간략 버전 (`cnnlab.models.cifar10_alexnet`): `Flatten` 뒤에 `Dropout(0.25)`,
#   `Dense(256)` 뒤에 `Dropout(0.5)`. 둘 다 벡터 변환과 출력층 사이입니다.

# %% nbgrader={"grade": false, "grade_id": "where", "locked": true, "schema_version": 3, "solution": false}
from params import summary

for name, (model, shape) in {"3.4 MNIST CNN": mnist_cnn(), "3.7 CIFAR-10 AlexNet": cifar10_alexnet()}.items():
    rows = try_run(summary, model, shape)
    if rows is None:
        break
    print(f"{name}:")
    print(format_summary(rows, model), end="\n\n")

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3: 서술형 (written answer, 3점 / 3 points)
# 드롭아웃이 과적합을 줄이는 이유를 설명하고, 테스트 단계에서는 드롭아웃을 쓰지 않는데도 역 드롭아웃에서는
# 테스트 때 출력의 크기를 따로 조정할 필요가 없는 이유를 과제 1의 결과로 설명하세요.

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 3, "schema_version": 3, "solution": true}
# 뉴런은 학습하면서 서로 의존하게 되고, 이 의존 관계가 과적합으로 이어집니다. 드롭아웃은 매 단계 무작위로
# 뉴런을 끄므로 어느 뉴런도 다른 특정 뉴런에 기댈 수 없고, 가중치가 여러 특징에 고르게 퍼집니다 (여러
# 작은 신경망의 앙상블과 비슷합니다). 역 드롭아웃은 학습 중 남은 값을 1/(1 - rate) 배로 키우므로 출력의
# 기대값이 입력과 같습니다 (과제 1에서 평균이 약 3.0). 그래서 테스트 때 입력을 그대로 쓰면 됩니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 결과와 힌트를 보여 줍니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn35_dropout")
