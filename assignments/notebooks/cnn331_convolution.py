# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.3.1 합성곱 연산과 출력 크기 (convolution and output size)
#
# 합성곱층 (convolutional layer)은 작은 **커널** (kernel, 합성곱 필터)을 입력 이미지 위로
# 이동시키며, 커널이 놓인 작은 이미지 조각과 커널의 가중합을 계산합니다. 커널이 놓인 입력의
# 범위를 **수용 영역** (receptive field) 이라 하고, 각 위치에서 계산한 값을 모은 새 이미지를
# **특징 맵** (feature map) 또는 활성화 맵 (activation map) 이라고 합니다.
# 커널이 한 번에 이동하는 픽셀 수가 **스트라이드** (stride), 입력 둘레에 덧붙이는 0의 줄 수가
# **패딩** (padding) 이며, 둘 다 출력의 모양을 정하는 하이퍼파라미터입니다.
#
# 이 노트북에서는 강의의 계산 예제를 여러분의 함수로 다시 계산하고, 실제 필터 (Sobel, Laplacian,
# blur)가 손글씨 숫자에서 어떤 특징을 찾는지 보고, 출력 크기 공식을 확인합니다.
#
# ### 여러분의 과제 (your task)
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `conv.py` | `conv2d_single(image, kernel)` | 회색조 이미지 한 장과 커널 하나, 스트라이드 1, 패딩 없음 |
# | `shapes.py` | `conv_output_size(n, kernel_size, stride=1, padding=0)` | 한 축의 출력 길이 |
# | `shapes.py` | `conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid")` | `Conv2D` 층의 출력 모양 `(H', W', filters)` |
#
# 여기서 "합성곱"은 딥러닝 프레임워크들과 강의의 예제처럼 커널을 **뒤집지 않는** 연산
# (cross-correlation) 입니다. 모듈 파일을 고친 뒤 셀을 다시 실행하면 바뀐 코드가 바로 쓰이고,
# 마지막의 자가 점검 (self-check) 셀이 함수마다 결과와 힌트를 보여 줍니다.
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn331_convolution").text())

import numpy as np

from cnnlab import plots
from cnnlab.notebook import check_answer, load_digits, try_run

# 여러분이 구현하는 함수들 (your functions)
from conv import conv2d_single
from shapes import conv_output_shape, conv_output_size

# %% [markdown] nbgrader={"grade": false, "grade_id": "slide-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3.1.1 커널이 이미지 위를 이동하는 모습
#
# 손글씨 숫자에서 잘라 낸 6×6 조각 위로 3×3 커널 (수직 경계를 찾는 Sobel 커널)이 한 픽셀씩
# 이동합니다. 왼쪽은 입력과 현재의 수용 영역, 오른쪽은 지금까지 채워진 특징 맵입니다.
# 6×6 입력에 3×3 커널을 스트라이드 1로 움직이면 4×4 특징 맵이 나옵니다.

# %% nbgrader={"grade": false, "grade_id": "slide", "locked": true, "schema_version": 3, "solution": false}
digits = load_digits(1)
digit = digits.images[0].astype(np.int64)
print("데이터 (data):", digits.source, "| 레이블 (label):", int(digits.labels[0]))

sobel_x = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]])
# 밝기 변화가 가장 큰 6x6 조각 (the 6x6 crop with the most contrast)
corners = [(r, c) for r in range(28 - 6) for c in range(28 - 6)]
top, left = max(corners, key=lambda rc: digit[rc[0]:rc[0] + 6, rc[1]:rc[1] + 6].std())
patch6 = digit[top:top + 6, left:left + 6]
fmap6 = try_run(conv2d_single, patch6, sobel_x)
if fmap6 is not None:
    display(plots.sliding_window(patch6, 3, [(0, 0), (0, 1), (1, 0), (3, 3)], output=fmap6))

# %% [markdown] nbgrader={"grade": false, "grade_id": "worked-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3.1.2 합성곱 연산: 강의의 계산 예제
#
# 합성곱 연산은 MLP의 가중합과 같습니다: 입력에 가중치를 곱하고 모두 더합니다. 다만 뉴런과
# 가중치가 행렬처럼 배열되어 있을 뿐입니다. 강의의 예제는 아래 3×3 조각과 Sobel 커널입니다.
#
# ### 과제 1 (task 1)
# 여러분의 `conv2d_single` 로 `patch` 와 `sobel_x` 의 합성곱을 계산하여 그 결과 (3×3 입력에
# 3×3 커널이므로 1×1 특징 맵)를 `worked` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "worked-data", "locked": true, "schema_version": 3, "solution": false}
patch = np.array([[93, 139, 101],
                  [26, 252, 196],
                  [135, 240, 48]])

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
worked = None
### BEGIN SOLUTION
worked = conv2d_single(patch, sobel_x)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
terms = [(int(p), int(k)) for p, k in zip(patch.ravel(), sobel_x.ravel())]
expression = " + ".join(f"({p} × {k})" for p, k in terms)
by_hand = sum(p * k for p, k in terms)
print(f"{expression}\n= {by_hand}")
check_answer("worked", worked, np.array([[by_hand]]))

# %% [markdown] nbgrader={"grade": false, "grade_id": "worked-note", "locked": true, "schema_version": 3, "solution": false}
# 아홉 개의 곱은 $-93 + 0 + 101 - 52 + 0 + 392 - 135 + 0 + 48$ 이고, 그 합은 위에서 계산한 값입니다.
# 강의 슬라이드의 "= 243" 은 덧셈을 잘못한 것 (arithmetic slip) 이므로 여러분의 함수가 슬라이드와
# 다른 값을 낸다고 걱정하지 마세요.

# %% [markdown] nbgrader={"grade": false, "grade_id": "filters-md", "locked": true, "schema_version": 3, "solution": false}
# ## 실제 필터가 찾는 특징 (what real filters find)
#
# 합성곱 신경망에서는 커널 값이 학습되지만, 첫 층이 배우는 커널은 대개 직선이나 모서리 같은
# **간단한 특징**을 찾습니다. 사람이 직접 만든 유명한 커널로 그 모습을 미리 봅시다.
# - Sobel x / Sobel y: 수직 / 수평 경계 (밝기가 가로 / 세로로 바뀌는 곳)
# - Laplacian: 모든 방향의 경계
# - blur (평균, box): 주변 9개 픽셀의 평균, 흐리게 하기
#
# 특징 맵의 빨간색은 큰 양수, 파란색은 큰 음수입니다. 28×28 입력에 3×3 커널을 패딩 없이
# 적용했으므로 특징 맵은 26×26 입니다.

# %% nbgrader={"grade": false, "grade_id": "filters", "locked": true, "schema_version": 3, "solution": false}
kernels = {
    "Sobel x": sobel_x,
    "Sobel y": sobel_x.T,
    "Laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "blur": np.full((3, 3), 1 / 9),
}
image = digit.astype(np.float64) / 255.0
maps = {}
for name, kernel in kernels.items():
    maps[name] = try_run(conv2d_single, image, kernel)
    if maps[name] is None:
        break
else:
    display(plots.feature_maps(image, maps, kernels))

# %% [markdown] nbgrader={"grade": false, "grade_id": "size-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3.1.4 스트라이드와 패딩: 출력 크기
#
# 길이 $n$ 인 축에 크기 $k$ 커널을 스트라이드 $s$, 양쪽 패딩 $p$ 로 적용하면 출력 길이는
# $\left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1$ 입니다.
# 강의 (3.3.2.3)의 예: 28×28 입력이 필터 4개, 스트라이드와 패딩이 1인 합성곱층 CONV_1을
# 통과하면 출력의 가로세로 크기는 입력과 같고 깊이는 4가 됩니다.
#
# ### 과제 2 (task 2)
# 여러분의 함수로 다음을 계산하세요.
# - `size_28`: 길이 28인 축에 3×3 커널, 스트라이드 1, 패딩 1을 적용한 출력 길이 (`conv_output_size`)
# - `conv1_shape`: 입력 `(28, 28, 1)`, 필터 4개, 커널 3, 스트라이드 1, 패딩 1인 `Conv2D` 층의
#   출력 모양 (`conv_output_shape`)

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
size_28 = None
conv1_shape = None
### BEGIN SOLUTION
size_28 = conv_output_size(28, 3, stride=1, padding=1)
conv1_shape = conv_output_shape((28, 28, 1), 4, 3, strides=1, padding=1)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
# 강의: "출력 이미지의 크기는 입력 이미지와 동일하지만 이미지의 깊이는 4가 됨"
check_answer("size_28", size_28, digit.shape[0])
check_answer("conv1_shape", None if conv1_shape is None else tuple(conv1_shape),
             (digit.shape[0], digit.shape[1], 4))

# %% [markdown] nbgrader={"grade": false, "grade_id": "stride-md", "locked": true, "schema_version": 3, "solution": false}
# ### 공식과 실제 합성곱이 맞는지 확인하기
# 패딩 $p$ 는 입력 둘레에 0을 덧붙이는 것 (`np.pad(image, p)`) 이고, 스트라이드 $s$ 는 스트라이드
# 1 특징 맵에서 $s$ 칸마다 하나씩 고르는 것 (`fmap[::s, ::s]`) 과 같습니다. 아래 표는 여러분의
# `conv2d_single` 로 만든 특징 맵의 실제 크기와 `conv_output_size` 의 공식을 나란히 보여 줍니다.
# 스트라이드 2이면 출력이 입력의 거의 절반이 됩니다. 여기서 "거의"인 이유는 패딩에 따라 크기가
# 조금 달라지기 때문입니다.

# %% nbgrader={"grade": false, "grade_id": "stride-table", "locked": true, "schema_version": 3, "solution": false}
ready = (try_run(conv2d_single, image, sobel_x) is not None
         and try_run(conv_output_size, 28, 3) is not None)
if ready:
    print(f"{'stride':>6} {'padding':>7} {'conv2d_single':>14} {'conv_output_size':>17}")
    for stride in (1, 2, 3):
        for padding in (0, 1):
            measured = conv2d_single(np.pad(image, padding), sobel_x)[::stride, ::stride].shape[0]
            formula = try_run(conv_output_size, 28, 3, stride=stride, padding=padding)
            mark = "✓" if measured == formula else "✗ 다름 (differs)"
            print(f"{stride:>6} {padding:>7} {measured:>14} {str(formula):>17}  {mark}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3: 서술형 (written answer, 3점 / 3 points)
# 커널 크기가 작을 때와 클 때의 장단점을 쓰고, 스트라이드로 3 이상의 값을 잘 쓰지 않는 이유를
# 위의 표를 근거로 설명하세요.

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 3, "schema_version": 3, "solution": true}
# 작은 커널 (예: 3×3)은 이미지의 세세한 부분까지 잡고 파라미터가 적습니다. 큰 커널 (예: 5×5)은 한 번에
# 넓은 영역을 보아 복잡한 패턴을 배울 수 있지만 연산량과 파라미터가 늘어 과적합을 일으키기 쉽습니다.
# 스트라이드를 키우면 출력 크기가 약 1/s 로 줄어듭니다 (28 → 28, 14, 10). 3 이상이면 많은 위치를
# 건너뛰어 정보가 너무 많이 사라지므로 잘 쓰지 않습니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 함수마다 통과/실패와 힌트를 보여 줍니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn331_convolution")
