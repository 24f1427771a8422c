# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.6 컬러 이미지의 합성곱 연산 (convolution of color images)
#
# 컴퓨터가 보는 회색조 이미지는 너비와 높이를 가진 2차원 행렬이지만, 컬러 이미지는 너비, 높이,
# **깊이**를 가진 3차원 행렬, 곧 빨강 (R), 초록 (G), 파랑 (B)에 해당하는 2차원 행렬 세 개입니다.
# 컬러 이미지의 합성곱도 커널을 이미지 위로 이동시키며 특징 맵을 계산하는 것은 같습니다. 다만 필터는
# **색상 채널마다 별도의 커널**을 갖고, 세 채널의 가중합을 모두 더하므로 합해야 할 항의 수가 세 배가
# 됩니다. 필터가 여러 개이면 필터 수만큼 특징 맵이 나오고, 이 **필터 수가 다음 층의 깊이**가 됩니다.
#
# 이 노트북에서 구현하는 `conv2d` 는 실제 합성곱층 (Keras의 `Conv2D`)이 하는 일을 모두 합니다:
# 배치, 여러 입력 채널, 여러 필터, 편향 (bias), 스트라이드 (stride), 패딩 (padding).
#
# ### 여러분의 과제 (your task)
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `conv.py` | `conv2d(x, w, b=None, stride=1, padding="valid")` | `(N, H, W, C_in)` 과 `(KH, KW, C_in, C_out)` → `(N, H', W', C_out)` |
# | `conv.py` | `rgb_to_grayscale(images)` | 컬러 이미지 `(N, H, W, 3)` → 회색조 `(N, H, W, 1)`: `0.299 R + 0.587 G + 0.114 B` |
#
# `padding` 은 `"valid"` (없음), `"same"` (출력 크기 `ceil(n / stride)`, Keras 규칙), 정수 `p`, 또는
# `(ph, pw)` 입니다. 출력 크기는 3.3.1 과제의 `conv_output_shape` 와 같아야 합니다.
# 마지막의 자가 점검 (self-check) 셀이 결과와 힌트를 보여 줍니다.
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn36_color_conv").text())

import numpy as np

from cnnlab import plots
import time

from cnnlab.notebook import check_answer, color_image, load_digits, try_run
from cnnlab.plots import label

# 여러분이 구현하는 함수 (your functions)
from conv import conv2d, rgb_to_grayscale

# %% [markdown] nbgrader={"grade": false, "grade_id": "channels-md", "locked": true, "schema_version": 3, "solution": false}
# ## 컴퓨터가 본 컬러 이미지: 세 개의 채널
#
# 사진 한 장 (scikit-image에 들어 있는 공개 샘플 사진)을 세 채널로 나누어 봅니다. 각 채널은 값이
# 0 이면 검정, 가장 크면 그 채널의 색으로 그립니다 (밝을수록 큰 값). 빨간 컵받침은 R 채널에서 밝고
# G, B 채널에서 어둡습니다.

# %% nbgrader={"grade": false, "grade_id": "channels", "locked": true, "schema_version": 3, "solution": false}
photo, photo_name = color_image()
print("이미지 (image):", photo_name, "| 모양 (shape):", photo.shape, "| 자료형 (dtype):", photo.dtype)
plots.color_channels(photo)

# %% [markdown] nbgrader={"grade": false, "grade_id": "filters-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.6.1 컬러 이미지를 대상으로 합성곱 연산하기
#
# 필터 뱅크 `w` 의 모양은 `(KH, KW, C_in, C_out)` 입니다. 여기서는 3×3 커널, 입력 채널 3개,
# 필터 2개를 만듭니다.
# - 필터 0 "edges": 세 채널 모두에 Sobel x 커널 (수직 경계, 색과 상관없이 밝기 변화)
# - 필터 1 "red": 가운데 픽셀에서 R은 +1, G와 B는 -0.5 (빨간 곳에서 크게 반응)
#
# 편향 `b` 는 필터마다 하나씩, 그 필터의 특징 맵 전체에 더해집니다.

# %% nbgrader={"grade": false, "grade_id": "filters", "locked": true, "schema_version": 3, "solution": false}
sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64)
w = np.zeros((3, 3, 3, 2))
for c in range(3):
    w[:, :, c, 0] = sobel_x / 3          # 필터 0: 채널마다 같은 경계 커널
w[1, 1, :, 1] = [1.0, -0.5, -0.5]         # 필터 1: 가운데 픽셀의 "빨강 - 나머지"
b = np.array([0.0, -0.1])
x = photo[None].astype(np.float64) / 255.0          # (1, H, W, 3)
print("x:", x.shape, "| w:", w.shape, "| b:", b.shape)
features = try_run(conv2d, x, w, b)
if features is not None:
    print("conv2d(x, w, b).shape =", features.shape)
    display(plots.feature_maps(photo, {label("필터 0: 경계", "filter 0: edges"): features[0, :, :, 0],
                                       label("필터 1: 빨강", "filter 1: red"): features[0, :, :, 1]}))

# %% [markdown] nbgrader={"grade": false, "grade_id": "task1-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 1 (task 1): 채널별 합성곱의 합
# 컬러 이미지의 합성곱은 "채널마다 따로 합성곱한 결과를 더한 것" 입니다. 이것을 여러분의 `conv2d` 로
# 확인하세요: 채널 `c` 하나만 남긴 입력 `x[..., c:c+1]` 과 그 채널의 커널 `w[:, :, c:c+1, :]`
# 로 편향 없이 합성곱한 결과를 세 채널에 대해 더하여 `per_channel_sum` 에 저장하고,
# 편향 없이 한 번에 계산한 `conv2d(x, w)` 를 `all_at_once` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
per_channel_sum = None
all_at_once = None
### BEGIN SOLUTION
per_channel_sum = sum(conv2d(x[..., c:c + 1], w[:, :, c:c + 1, :]) for c in range(3))
all_at_once = conv2d(x, w)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
check_answer("per_channel_sum.shape", getattr(per_channel_sum, "shape", None),
             (1, photo.shape[0] - 2, photo.shape[1] - 2, 2))
if per_channel_sum is not None and all_at_once is not None:
    check_answer("all_at_once (== per_channel_sum)", all_at_once, per_channel_sum, atol=1e-9)
    if features is not None:
        # 편향은 필터마다 특징 맵 전체에 더해지는 상수 (the bias is one constant per filter)
        check_answer("features - all_at_once (편향, bias)",
                     (features - all_at_once).reshape(-1, 2).mean(axis=0), b, atol=1e-9)

# %% [markdown] nbgrader={"grade": false, "grade_id": "lecture-md", "locked": true, "schema_version": 3, "solution": false}
# ## 강의의 예: 28×28 입력, 필터 4개, 스트라이드 1, 패딩 1
#
# 강의 (3.3.2.3)의 합성곱층 CONV_1을 여러분의 `conv2d` 로 직접 실행해 봅니다. 출력의 가로세로 크기는
# 입력과 같고 깊이는 필터 수인 4가 됩니다. 필터는 3.3.1 에서 본 네 가지 (Sobel x, Sobel y,
# Laplacian, blur) 입니다.
#
# ### 과제 2 (task 2)
# `digit_batch` 에 필터 뱅크 `w4` 를 스트라이드 1, 패딩 1로 적용한 결과를 `conv1_out` 에, 같은 필터를
# 스트라이드 2, 패딩 `"same"` 으로 적용한 결과를 `conv1_stride2` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "lecture-data", "locked": true, "schema_version": 3, "solution": false}
digits = load_digits(1)
digit_batch = digits.images[:1, :, :, None].astype(np.float64) / 255.0     # (1, 28, 28, 1)
kernels = {"Sobel x": sobel_x, "Sobel y": sobel_x.T,
           "Laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64),
           "blur": np.full((3, 3), 1 / 9)}
w4 = np.stack(list(kernels.values()), axis=-1)[:, :, None, :]          # (3, 3, 1, 4)
print("데이터 (data):", digits.source, "| digit_batch:", digit_batch.shape, "| w4:", w4.shape)

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
conv1_out = None
conv1_stride2 = None
### BEGIN SOLUTION
conv1_out = conv2d(digit_batch, w4, stride=1, padding=1)
conv1_stride2 = conv2d(digit_batch, w4, stride=2, padding="same")
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
n, h, w_, _ = digit_batch.shape
# 강의: 출력 이미지의 크기는 입력과 동일, 깊이는 필터 수 (4)
check_answer("conv1_out.shape", getattr(conv1_out, "shape", None), (n, h, w_, w4.shape[-1]))
# "same" 패딩과 스트라이드 2: ceil(28 / 2)
check_answer("conv1_stride2.shape", getattr(conv1_stride2, "shape", None),
             (n, -(-h // 2), -(-w_ // 2), w4.shape[-1]))
if conv1_out is not None:
    display(plots.feature_maps(digit_batch[0, :, :, 0],
                               {name: conv1_out[0, :, :, k] for k, name in enumerate(kernels)}))

# %% [markdown] nbgrader={"grade": false, "grade_id": "gray-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.6.2 계산 복잡도의 변화: 회색조로 바꾸기
#
# 컬러 이미지는 회색조 이미지보다 공간 복잡도를 크게 늘립니다. 그래서 색이 큰 영향을 주지 않는
# 문제에서는 학습 데이터를 회색조로 바꿉니다. 회색조 값은 세 채널의 **가중합**입니다. 사람 눈에는
# 초록이 가장 밝고 파랑이 가장 어둡게 보이므로, 이 과제는 텔레비전 표준 ITU-R BT.601 의 가중치를 씁니다
# (PIL 의 `convert("L")`, OpenCV 의 `cvtColor` 와 같은 규칙; scikit-image 의 `rgb2gray` 는 다른 표준인
# BT.709 의 가중치를 씁니다):
#
# $$\text{gray} = 0.299\,R + 0.587\,G + 0.114\,B$$
#
# `rgb_to_grayscale` 은 채널 축을 남겨 `(N, H, W, 3)` → `(N, H, W, 1)` 을 돌려주므로 결과를 바로
# `conv2d` 에 넣을 수 있습니다. 사실 이 변환 자체가 **1×1 합성곱** (필터 하나, 커널
# `[[[[0.299], [0.587], [0.114]]]]`)입니다.

# %% nbgrader={"grade": false, "grade_id": "gray", "locked": true, "schema_version": 3, "solution": false}
gray_photo = try_run(rgb_to_grayscale, photo[None])
if gray_photo is not None:
    print("rgb_to_grayscale(photo[None]).shape =", gray_photo.shape, "| dtype:", gray_photo.dtype)
    display(plots.images_row({label("컬러", "color"): photo,
                              label("회색조 (BT.601)", "grayscale"): gray_photo[0]}, cmap="gray"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "task3-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 3 (task 3): 회색조 변환은 1×1 합성곱
# 위의 가중치로 모양 `(1, 1, 3, 1)` 인 커널 `w_gray` 를 만들고, 여러분의 `conv2d` 로 `photo[None]` 을
# 합성곱한 결과를 `gray_by_conv` 에 저장하세요 (`photo` 는 uint8 입니다).

# %% nbgrader={"grade": false, "grade_id": "task3", "locked": false, "schema_version": 3, "solution": true}
w_gray = None
gray_by_conv = None
### BEGIN SOLUTION
w_gray = np.array([0.299, 0.587, 0.114]).reshape(1, 1, 3, 1)
gray_by_conv = conv2d(photo[None], w_gray)
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task3-check", "locked": true, "schema_version": 3, "solution": false}
check_answer("w_gray.shape", getattr(w_gray, "shape", None), (1, 1, 3, 1))
if gray_by_conv is not None:
    # 픽셀마다 직접 계산한 가중합 (the weighted sum, pixel by pixel)
    check_answer("gray_by_conv", gray_by_conv,
                 0.299 * photo[None, ..., :1] + 0.587 * photo[None, ..., 1:2] + 0.114 * photo[None, ..., 2:],
                 rtol=1e-9, atol=1e-9)
    if gray_photo is not None:
        check_answer("rgb_to_grayscale(photo[None]) (== gray_by_conv)", gray_photo, gray_by_conv,
                     rtol=1e-9, atol=1e-9)

# %% [markdown] nbgrader={"grade": false, "grade_id": "cost-md", "locked": true, "schema_version": 3, "solution": false}
# ### 컬러와 회색조의 합성곱: 세 배의 항
#
# 출력 값 하나를 계산하는 곱셈 수는 `KH × KW × C_in` 입니다. 컬러 이미지는 회색조보다 세 배의 항을
# 더하고, 첫 합성곱층의 파라미터도 세 배 가까이 됩니다. 아래는 32×32 이미지 (CIFAR-10 크기) 64장에
# 3×3 필터 32개를 적용할 때의 곱셈 수와, 여러분의 `conv2d` 로 잰 시간입니다 (세 번 재어 가장 빠른 값).

# %% nbgrader={"grade": false, "grade_id": "cost", "locked": true, "schema_version": 3, "solution": false}
batch = np.random.default_rng(36).random((64, 32, 32, 3))
timings = {}
for channels, inputs in ((3, batch), (1, rgb_to_grayscale(batch) if gray_photo is not None else None)):
    if inputs is None:
        break
    kernel = np.full((3, 3, channels, 32), 0.1)
    out = try_run(conv2d, inputs, kernel, padding="same")
    if out is None:
        break
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        conv2d(inputs, kernel, padding="same")
        seconds.append(time.perf_counter() - start)
    timings[channels] = min(seconds)
    print(f"입력 채널 {channels}: 출력 {out.shape[1:]}, 이미지 한 장에 곱셈 {out[0].size * 3 * 3 * channels:,}회, "
          f"파라미터 {3 * 3 * channels * 32 + 32:,}개, 64장에 {timings[channels] * 1e3:.1f} ms")
if len(timings) == 2:
    print(f"컬러 / 회색조 시간 (time ratio): {timings[3] / timings[1]:.1f}배 (곱셈은 3배)")

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 4: 서술형 (written answer, 3점 / 3 points)
# 필터 1 ("red")의 특징 맵이 사진의 어느 부분에서 크게 반응했는지 쓰고, 컬러 이미지의 합성곱이 회색조
# 이미지의 합성곱과 다른 점과 같은 점을 과제 1의 결과를 근거로 설명하세요. 회색조로 바꾸면 무엇을
# 얻고 무엇을 잃나요 (위에서 잰 시간과, 필터 1 이 찾던 빨간색을 생각해 보세요)?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 3, "schema_version": 3, "solution": true}
# 필터 1은 빨간 컵받침과 컵의 붉은 부분에서 크게 반응했습니다 (R이 G, B보다 큰 곳). 컬러 이미지의
# 합성곱도 커널을 이동시키며 가중합을 계산한다는 점은 회색조와 같지만, 필터가 채널마다 커널을 갖고 세
# 채널의 결과를 더하므로 항의 수가 세 배입니다. 과제 1에서 채널별 합성곱의 합이 한 번에 계산한 결과와
# 같았습니다. 회색조로 바꾸면 첫 층의 곱셈과 파라미터가 약 3분의 1로 줄고 실제 시간도 줄었지만, 색의
# 정보가 사라집니다: 회색조 사진에서는 빨간 컵받침과 같은 밝기의 다른 색을 필터 1 처럼 구별할 수 없습니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 결과와 힌트를 보여 줍니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn36_color_conv")
