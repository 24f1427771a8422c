# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.1 이미지 벡터 변환과 MLP의 파라미터 수 (image flattening, MLP parameters)
#
# 다층 퍼셉트론 (MLP)은 모양이 $(1, n)$ 인 1차원 벡터만 입력받습니다. 그래서 (28×28) 크기의
# MNIST 이미지를 MLP에 넣으려면 먼저 (1×784) 벡터로 바꾸어야 하며, 이 과정을
# **이미지 벡터 변환** (*image flattening*) 이라고 합니다.
# 이 노트북에서는 이미지 벡터 변환을 직접 구현하고, 강의의 MLP
# (Flatten → Dense 512 → Dense 512 → Dense 10)의 파라미터 수를 계산한 뒤,
# 벡터 변환 때문에 **공간적 특징이 손실되는** 모습을 눈으로 확인합니다.
#
# ### 여러분의 과제 (your task)
# 노트북 옆의 모듈 파일에서 다음 함수를 구현하세요. 점수는 이 함수들로 매겨집니다.
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `shapes.py` | `flatten(x)` | `(N, d1, d2, ...)` 배치를 `(N, d1*d2*...)` 로 (행 우선, row-major 순서) |
# | `params.py` | `dense_params(n_in, units, use_bias=True)` | 전결합층 (Dense)의 파라미터 수 |
#
# 노트북 안의 작은 과제 (`# 여기에 코드를 작성하세요 (YOUR CODE HERE)` 라고 적힌 셀)는
# 여러분의 함수를 불러 강의의 숫자를 계산하는 연습입니다. 마지막의 **자가 점검 (self-check)** 셀을
# 실행하면 함수마다 통과/실패와 힌트가 나옵니다. 모듈 파일을 고친 뒤에는 셀을 다시 실행하기만 하면
# 됩니다 (`autoreload`가 고친 파일을 다시 읽습니다).
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn31_flatten_mlp").text())

import numpy as np

from cnnlab import plots
from cnnlab.layers import Dense, Flatten
from cnnlab.notebook import check_answer, format_summary, load_digits, try_run

# 여러분이 구현하는 함수들 (your functions), 이 노트북 옆의 파일에서 불러옵니다.
from params import count_params, dense_params, summary
from shapes import flatten

# %% [markdown] nbgrader={"grade": false, "grade_id": "digit-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.1.1 입력층: 컴퓨터가 보는 이미지
#
# 회색조 (grayscale) 이미지는 너비와 높이를 가진 2차원 행렬이고, 각 픽셀 값은 밝기입니다
# (MNIST에서는 0 = 배경, 255 = 가장 진한 획). 아래 그림은 MNIST 학습 데이터의 첫 숫자를
# 픽셀마다 값과 함께 보여 줍니다. (MNIST 파일이 없으면 비슷하게 그린 숫자를 씁니다.)

# %% nbgrader={"grade": false, "grade_id": "digit", "locked": true, "schema_version": 3, "solution": false}
digits = load_digits(10)
digit, label = digits.images[0], int(digits.labels[0])
print("데이터 (data):", digits.source, "| 레이블 (labels):", digits.labels.tolist())
print("이미지 모양 (shape):", digit.shape, "| 자료형 (dtype):", digit.dtype)
plots.pixel_grid(digit, title=f"{digits.source} {plots.label('숫자', 'digit')}, "
                             f"{plots.label('레이블', 'label')} {label}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "flatten-md", "locked": true, "schema_version": 3, "solution": false}
# ## 이미지 벡터 변환 (image flattening)
#
# `flatten(x)` 는 배치 축 (batch axis, 0번 축)은 그대로 두고 나머지를 한 줄로 폅니다.
# 한 장의 (28, 28) 이미지는 `digit[None]` 으로 배치 축을 붙여 (1, 28, 28) 로 만든 뒤 넣습니다.
# 행 우선 (row-major, C) 순서이므로 픽셀 `(r, c)` 는 벡터의 `r * 28 + c` 번째 자리로 갑니다.

# %% nbgrader={"grade": false, "grade_id": "flatten-demo", "locked": true, "schema_version": 3, "solution": false}
vector = try_run(flatten, digit[None])
if vector is not None:
    print("flatten(digit[None]).shape =", vector.shape)
    r, c = np.argwhere(digit == digit.max())[0]
    print(f"픽셀 (r={r}, c={c}), 값 {digit[r, c]} → 벡터의 {r} * 28 + {c} = {r * 28 + c} 번째 자리, "
          f"값 {vector[0, r * 28 + c]}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "task1-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 1 (task 1)
# 10장의 이미지 `digits.images` (모양 `(10, 28, 28)`)를 여러분의 `flatten` 으로 **한 번에**
# 벡터로 바꾸어 `vectors` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
vectors = None
### BEGIN SOLUTION
vectors = flatten(digits.images)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
n, h, w = digits.images.shape
check_answer("vectors.shape", getattr(vectors, "shape", None), (n, h * w))
if vectors is not None:
    # 행 우선 순서 (row-major order): 0행의 픽셀들, 이어서 1행의 픽셀들, ...
    row_major = [[image[r, c] for r in range(h) for c in range(w)] for image in digits.images]
    check_answer("vectors (행 우선 순서, row-major order)", vectors, row_major)

# %% [markdown] nbgrader={"grade": false, "grade_id": "loss-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.1.5.1 공간적 특징의 손실 (loss of spatial features)
#
# 2차원 이미지를 1차원 벡터로 바꾸면 **서로 가까이 있는 픽셀 사이의 관계**가 사라집니다.
# 강의의 예처럼 작은 흑백 이미지 (6×6) 세 장에 같은 정사각형을 다른 자리에 그려 봅시다.
# 사람 눈에는 모두 "정사각형이 있는 이미지"이지만, 벡터로 바꾸면 1이 놓이는 자리가 서로 완전히
# 다릅니다. 또 이미지에서 바로 위아래로 붙어 있던 두 픽셀이 벡터에서는 6칸이나 떨어집니다.
# MLP는 각 자리마다 따로 가중치를 배우므로, 한 자리에서 배운 "정사각형"이 다른 자리에서는
# 도움이 되지 않습니다. → 정사각형의 포함 유무를 알지 못하는 MLP

# %% nbgrader={"grade": false, "grade_id": "squares", "locked": true, "schema_version": 3, "solution": false}
def square_image(top: int, left: int, size: int = 2, side: int = 6) -> np.ndarray:
    """side x side 크기의 0 이미지에 size x size 정사각형 (값 1)을 (top, left)에 그립니다."""
    image = np.zeros((side, side), dtype=np.int64)
    image[top:top + size, left:left + size] = 1
    return image


corners = [(0, 0), (2, 2), (3, 4)]
squares = np.stack([square_image(top, left) for top, left in corners])
print("squares.shape =", squares.shape)
print(squares[1])

# %% [markdown] nbgrader={"grade": false, "grade_id": "task2-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 2 (task 2)
# 여러분의 `flatten` 으로 `squares` 를 벡터로 바꾸고, 각 이미지에서 값이 1인 원소의
# **벡터 속 위치** (index)를 리스트로 모아 `square_positions` 에 저장하세요
# (`square_positions[k]` 는 k번째 이미지의 위치들; `np.flatnonzero` 가 도움이 됩니다).

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
square_positions = None
### BEGIN SOLUTION
square_positions = [np.flatnonzero(row).tolist() for row in flatten(squares)]
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
side = squares.shape[2]
expected_positions = [sorted(int(r * side + c) for r, c in np.argwhere(image)) for image in squares]
check_answer("square_positions",
             None if square_positions is None else [sorted(map(int, p)) for p in square_positions],
             expected_positions)

# %% nbgrader={"grade": false, "grade_id": "loss-plot", "locked": true, "schema_version": 3, "solution": false}
flat_squares = try_run(flatten, squares)
if flat_squares is not None:
    shared = set.intersection(*(set(np.flatnonzero(v).tolist()) for v in flat_squares))
    print("세 벡터가 함께 1을 갖는 위치 (positions shared by all three):", sorted(shared))
    display(plots.flattened_rows(list(squares), list(flat_squares),
                                 [f"{plots.label('정사각형 위치', 'square at')} {corner}"
                                  for corner in corners]))

# %% [markdown] nbgrader={"grade": false, "grade_id": "mlp-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.1.2 – 3.1.4 은닉층, 출력층, 모델 완성하기
#
# 강의의 MLP는 노드 512개의 은닉층 두 개 (ReLU)와 노드 10개의 출력층 (softmax)으로 이루어집니다.
# 전결합층 (fully-connected, Dense)은 이전 층의 **모든** 노드가 다음 층의 모든 노드와 연결되므로
# 파라미터 수는 `입력 수 × 유닛 수 + 유닛 수` (가중치 + 편향, bias) 입니다.
# 예: 첫 은닉층은 $784 \times 512 + 512$.

# %% nbgrader={"grade": false, "grade_id": "mlp", "locked": true, "schema_version": 3, "solution": false}
mlp = [
    Flatten(),
    Dense(512, activation="relu"),
    Dense(512, activation="relu"),
    Dense(10, activation="softmax"),
]

# %% [markdown] nbgrader={"grade": false, "grade_id": "task3-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3 (task 3)
# 여러분의 `dense_params` 로 세 Dense 층의 파라미터 수를 차례로 구해 리스트 `layer_params` 에,
# 그 합을 `mlp_total` 에 저장하세요. 입력은 28×28 이미지를 편 벡터입니다.

# %% nbgrader={"grade": false, "grade_id": "task3", "locked": false, "schema_version": 3, "solution": true}
layer_params = None
mlp_total = None
### BEGIN SOLUTION
layer_params = [dense_params(28 * 28, 512), dense_params(512, 512), dense_params(512, 10)]
mlp_total = sum(layer_params)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task3-check", "locked": true, "schema_version": 3, "solution": false}
# 강의 슬라이드의 식 (the lecture's formulas)
lecture_formulas = [784 * 512 + 512, 512 * 512 + 512, 512 * 10 + 10]
check_answer("layer_params", layer_params, lecture_formulas)
check_answer("mlp_total", mlp_total, sum(lecture_formulas))
if mlp_total is not None:
    print(f"MLP 전체 파라미터 수 (total params): {mlp_total:,}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "summary-md", "locked": true, "schema_version": 3, "solution": false}
# ### 미리 보기: Keras 스타일 요약 (preview: a Keras-style summary)
# `params.py` 의 `summary` 와 `count_params` 는 3.3.2 과제에서 구현합니다. 이미 구현했다면 아래에
# 강의의 표 (Layer, Output Shape, Param #)가 그대로 나옵니다.

# %% nbgrader={"grade": false, "grade_id": "summary", "locked": true, "schema_version": 3, "solution": false}
rows = try_run(summary, mlp, (28, 28))
if rows is not None:
    print(format_summary(rows, mlp))
total = try_run(count_params, mlp, (28, 28))
if total is not None:
    print(f"count_params(mlp, (28, 28)) = {total:,}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 4: 서술형 (written answer, 3점 / 3 points)
# MLP로 이미지를 다룰 때의 두 가지 단점을 위의 결과 (벡터 속 정사각형의 위치, 파라미터 수)를 근거로
# 두세 문장으로 설명하세요. 합성곱 신경망 (CNN)은 이 단점을 어떻게 줄이나요?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 3, "schema_version": 3, "solution": true}
# 1. 공간적 특징의 손실: 벡터로 펴면 가까운 픽셀 사이의 관계가 사라집니다. 같은 정사각형이라도
#    자리가 바뀌면 전혀 다른 위치의 원소가 1이 되어, MLP가 한 자리에서 배운 패턴을 다른 자리에
#    쓸 수 없습니다.
# 2. 복잡한 신경망 학습: 전결합층은 모든 입력을 모든 노드와 연결하므로 28×28 이미지에도 첫 층에만
#    401,920개, 전체 669,706개의 파라미터가 필요합니다.
#
# CNN은 2차원 이미지를 그대로 입력받고, 작은 커널을 이미지 전체에서 함께 쓰는 지역적 연결
# (locally connected) 층으로 파라미터 수를 크게 줄이면서 위치가 바뀐 패턴도 찾습니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 함수마다 통과/실패와 힌트를 보여 줍니다.
# 모두 통과하면 과제를 제출하세요. 실패한 항목이 있으면 힌트를 보고 모듈 파일을 고친 뒤 다시
# 실행하세요.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn31_flatten_mlp")
