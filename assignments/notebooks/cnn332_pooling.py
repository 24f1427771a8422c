# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false}
# # 3.3.2 풀링과 신경망 속 모양의 변화 (pooling, shapes through a network)
#
# 합성곱층을 늘리면 파라미터 수와 계산량이 크게 늘어납니다. **풀링** (pooling) 층은 최대값이나
# 평균 같은 통계 함수로 특징 맵의 가로세로 크기를 줄여 다음 층에 전달하는 값의 수를 줄입니다.
# 풀링에도 윈도우 크기와 스트라이드가 있지만 **가중치는 없습니다**. 또 모든 특징 맵에 따로
# 적용되므로 특징 맵의 크기는 작아지지만 **개수 (깊이)는 그대로** 입니다.
# - **최대 풀링** (max pooling): 윈도우 안의 최대값
# - **평균 풀링** (average pooling): 윈도우 안의 평균
# - **전역 평균 풀링** (global average pooling): 특징 맵 전체의 평균, 크기를 극단적으로 줄임
#
# 이 노트북에서는 풀링을 실제 손글씨 숫자에 적용해 보고, 합성곱층과 풀링층을 번갈아 쌓을 때 모양과
# 파라미터 수가 어떻게 바뀌는지 계산합니다 (강의의 5×5×40 → 1000, MLP의 669,706).
#
# ### 여러분의 과제 (your task)
#
# | 모듈 (module) | 함수 (function) | 하는 일 |
# |---|---|---|
# | `pooling.py` | `max_pool2d(x, pool_size=2, stride=None, padding="valid")` | 최대 풀링, `(N, H, W, C) -> (N, H', W', C)` |
# | `pooling.py` | `avg_pool2d(x, pool_size=2, stride=None, padding="valid")` | 평균 풀링 |
# | `pooling.py` | `global_avg_pool2d(x)`, `global_max_pool2d(x)` | 전역 풀링, `(N, H, W, C) -> (N, C)` |
# | `shapes.py` | `pool_output_shape(input_shape, pool_size=2, strides=None, padding="valid")` | 풀링층의 출력 모양 |
# | `params.py` | `conv2d_params(kernel_size, in_channels, filters, use_bias=True)` | `Conv2D` 층의 파라미터 수 |
# | `params.py` | `count_params(layers, input_shape)`, `summary(layers, input_shape)` | 모델 전체의 파라미터 수와 Keras식 요약 |
#
# `count_params` 와 `summary` 는 앞 과제의 `conv_output_shape`, `dense_params` 를 써서 구현할 수
# 있습니다 (모든 과제에 모든 모듈이 함께 들어 있습니다). 마지막의 자가 점검 (self-check) 셀이
# 함수마다 결과와 힌트를 보여 줍니다.
#
# {assignment_order}

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
# %load_ext autoreload
# %autoreload 2
# %matplotlib inline
from autograder.carry_forward import carry_forward

# 앞 과제 폴더에서 완성한 모듈과 학습한 가중치를 가져옵니다 (이미 고친 파일은 덮어쓰지 않습니다).
print(carry_forward(".", "cnn332_pooling").text())

import numpy as np

from cnnlab import plots
from cnnlab.layers import Conv2D, Dense, Flatten, MaxPooling2D
from cnnlab.notebook import check_answer, format_summary, load_digits, try_run

# 여러분이 구현하는 함수들 (your functions)
from params import conv2d_params, count_params, summary
from pooling import avg_pool2d, global_avg_pool2d, global_max_pool2d, max_pool2d
from shapes import pool_output_shape

# %% [markdown] nbgrader={"grade": false, "grade_id": "small-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3.2.1 최대 풀링 (max pooling): 작은 예
#
# 4×4 특징 맵 하나에 2×2 윈도우, 스트라이드 2 (Keras처럼 `stride=None` 이면 윈도우 크기와 같음)를
# 적용하면 겹치지 않는 네 윈도우에서 값을 하나씩 골라 2×2 가 됩니다. 함수들은 Keras처럼
# 채널이 마지막인 `(N, H, W, C)` 배치를 받으므로, 한 장은 `x[None, :, :, None]` 으로 만듭니다.
#
# ### 과제 1 (task 1)
# 여러분의 함수로 `small` 의 최대 풀링과 평균 풀링 결과를 `(2, 2)` 행렬로 구해 `small_max`,
# `small_avg` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "small-data", "locked": true, "schema_version": 3, "solution": false}
small = np.array([[1, 3, 2, 1],
                  [4, 6, 5, 0],
                  [3, 1, 1, 0],
                  [1, 2, 2, 4]], dtype=np.float64)

# %% nbgrader={"grade": false, "grade_id": "task1", "locked": false, "schema_version": 3, "solution": true}
small_max = None
small_avg = None
### BEGIN SOLUTION
small_max = max_pool2d(small[None, :, :, None])[0, :, :, 0]
small_avg = avg_pool2d(small[None, :, :, None])[0, :, :, 0]
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task1-check", "locked": true, "schema_version": 3, "solution": false}
windows = [[small[r:r + 2, c:c + 2] for c in (0, 2)] for r in (0, 2)]   # 겹치지 않는 2x2 윈도우
check_answer("small_max", small_max, [[w.max() for w in row] for row in windows])
check_answer("small_avg", small_avg, [[w.mean() for w in row] for row in windows])

# %% [markdown] nbgrader={"grade": false, "grade_id": "digit-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3.2.2 풀링층을 사용하는 이유: 실제 이미지에서
#
# 풀링은 일종의 이미지 압축입니다: 중요한 특징은 유지하면서 해상도를 떨어뜨립니다. 아래는
# 28×28 숫자를 2×2 와 4×4 윈도우로 풀링한 결과입니다. 최대 풀링은 획 (큰 값)을 굵고 또렷하게
# 남기고, 평균 풀링은 부드럽게 흐립니다.

# %% nbgrader={"grade": false, "grade_id": "digit-pool", "locked": true, "schema_version": 3, "solution": false}
digits = load_digits(4)
print("데이터 (data):", digits.source, "| 레이블 (labels):", digits.labels.tolist())
batch = digits.images[:1, :, :, None].astype(np.float64) / 255.0     # (1, 28, 28, 1)
pooled = {}
for size in (2, 4):
    for name, pool in ((plots.label("최대 풀링", "max pooling"), max_pool2d),
                       (plots.label("평균 풀링", "average pooling"), avg_pool2d)):
        out = try_run(pool, batch, pool_size=size)
        if out is not None:
            pooled[f"{name} {size}x{size}\n"] = out[0, :, :, 0]
if pooled:
    display(plots.pooling_comparison(batch[0, :, :, 0], pooled))

# %% [markdown] nbgrader={"grade": false, "grade_id": "depth-md", "locked": true, "schema_version": 3, "solution": false}
# ### 특징 맵의 개수는 유지됨 (depth is kept)
# 채널 4개짜리 입력 (여기서는 숫자 네 장을 채널로 쌓은 것)을 풀링하면 채널마다 따로 풀링되어
# 깊이 4가 그대로 남습니다. 전역 평균 풀링은 각 채널을 숫자 하나로 줄입니다.

# %% nbgrader={"grade": false, "grade_id": "depth", "locked": true, "schema_version": 3, "solution": false}
stack = np.stack(list(digits.images), axis=-1)[None].astype(np.float64) / 255.0   # (1, 28, 28, 4)
print("입력 (input):", stack.shape)
for name, fn in (("max_pool2d", max_pool2d), ("avg_pool2d", avg_pool2d),
                 ("global_avg_pool2d", global_avg_pool2d), ("global_max_pool2d", global_max_pool2d)):
    out = try_run(fn, stack)
    if out is not None:
        print(f"{name:>18}: {out.shape}")
means = try_run(global_avg_pool2d, stack)
if means is not None:
    print("채널별 평균 밝기 (mean brightness per channel):", np.round(means[0], 3))

# %% [markdown] nbgrader={"grade": false, "grade_id": "shapes-md", "locked": true, "schema_version": 3, "solution": false}
# ## 3.3.2.3 합성곱층의 입력과 출력: 모양의 변화
#
# 합성곱층과 풀링층을 번갈아 배치하면 이미지는 가로세로가 작아지고 깊이가 깊어지다가, 모든 특징이
# 늘어선 깊은 "대롱" 모양이 됩니다. 강의의 예처럼 대롱이 5×5×40 이 되면 이 특징은 분류할 준비가
# 된 것이고, 1차원 벡터로 변환 ($5 \times 5 \times 40 = 1000$) 하여 전결합층에 입력합니다.
#
# 아래 모델은 28×28×1 입력을 그런 대롱으로 만듭니다 (Keras의 층 이름과 인자를 그대로 쓴
# `cnnlab.layers` 의 층 설명).
#
# ### 과제 2 (task 2)
# 여러분의 `summary` 로 `cnn` 의 층별 요약을 구해 `cnn_rows` 에 저장하고, 마지막 풀링층의 출력
# 모양을 `tube_shape` 에, Flatten 층이 만드는 벡터의 길이를 `flat_length` 에 저장하세요.

# %% nbgrader={"grade": false, "grade_id": "cnn", "locked": true, "schema_version": 3, "solution": false}
cnn = [
    Conv2D(20, kernel_size=3, activation="relu"),
    MaxPooling2D(pool_size=2),
    Conv2D(40, kernel_size=3, activation="relu"),
    MaxPooling2D(pool_size=2),
    Flatten(),
    Dense(10, activation="softmax"),
]

# %% nbgrader={"grade": false, "grade_id": "task2", "locked": false, "schema_version": 3, "solution": true}
cnn_rows = None
tube_shape = None
flat_length = None
### BEGIN SOLUTION
cnn_rows = summary(cnn, (28, 28, 1))
tube_shape = cnn_rows[3][1]
flat_length = cnn_rows[4][1][0]
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task2-check", "locked": true, "schema_version": 3, "solution": false}
if cnn_rows is not None:
    print(format_summary(cnn_rows, cnn))
# 강의: 대롱 (5x5x40) 을 1차원 벡터로 변환 (5 x 5 x 40 = 1000)
check_answer("tube_shape", None if tube_shape is None else tuple(tube_shape), (5, 5, 40))
check_answer("flat_length", flat_length, 5 * 5 * 40)

# %% [markdown] nbgrader={"grade": false, "grade_id": "chain-md", "locked": true, "schema_version": 3, "solution": false}
# 같은 모양을 층마다 직접 따라가 봅시다. `conv_output_shape` (3.3.1 과제)와 `pool_output_shape`
# 를 번갈아 부르면 `summary` 의 표와 같은 모양이 나와야 합니다.

# %% nbgrader={"grade": false, "grade_id": "chain", "locked": true, "schema_version": 3, "solution": false}
from shapes import conv_output_shape

shape = (28, 28, 1)
print("입력 (input):", shape)
for layer in cnn[:4]:
    if isinstance(layer, Conv2D):
        shape = try_run(conv_output_shape, shape, layer.filters, layer.kernel_size)
    else:
        shape = try_run(pool_output_shape, shape, layer.pool_size)
    if shape is None:
        break
    print(f"{type(layer).__name__:>13} → {shape}")
else:
    print(f"{'Flatten':>13} → {int(np.prod(shape))}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "params-md", "locked": true, "schema_version": 3, "solution": false}
# ## MLP와 CNN의 파라미터 수 비교
#
# 3.1의 MLP (Flatten → Dense 512 → Dense 512 → Dense 10)와 위의 CNN을 비교합니다. 합성곱층의
# 파라미터는 커널 크기와 입출력 깊이에만 달려 있고 이미지 크기와는 무관합니다:
# `KH × KW × 입력 채널 × 필터 수 + 필터 수 (편향, bias)`.
#
# ### 과제 3 (task 3)
# 여러분의 `count_params` 로 MLP의 전체 파라미터 수를 `mlp_total` 에, CNN의 전체 파라미터 수를
# `cnn_total` 에 저장하세요. 입력 모양은 MLP가 `(28, 28)`, CNN이 `(28, 28, 1)` 입니다.

# %% nbgrader={"grade": false, "grade_id": "mlp", "locked": true, "schema_version": 3, "solution": false}
mlp = [
    Flatten(),
    Dense(512, activation="relu"),
    Dense(512, activation="relu"),
    Dense(10, activation="softmax"),
]

# %% nbgrader={"grade": false, "grade_id": "task3", "locked": false, "schema_version": 3, "solution": true}
mlp_total = None
cnn_total = None
### BEGIN SOLUTION
mlp_total = count_params(mlp, (28, 28))
cnn_total = count_params(cnn, (28, 28, 1))
### END SOLUTION

# %% nbgrader={"grade": false, "grade_id": "task3-check", "locked": true, "schema_version": 3, "solution": false}
# 강의 3.1.4 의 식: 784 x 512 + 512, 512 x 512 + 512, 512 x 10 + 10
check_answer("mlp_total", mlp_total, (784 * 512 + 512) + (512 * 512 + 512) + (512 * 10 + 10))
# 합성곱층: KH x KW x C_in x filters + filters; Dense: n_in x units + units
check_answer("cnn_total", cnn_total,
             (3 * 3 * 1 * 20 + 20) + (3 * 3 * 20 * 40 + 40) + (5 * 5 * 40 * 10 + 10))
mlp_rows = try_run(summary, mlp, (28, 28))
if mlp_rows is not None:
    print(format_summary(mlp_rows, mlp))
if mlp_total is not None and cnn_total is not None:
    print(f"\nMLP {mlp_total:,}개, CNN {cnn_total:,}개: CNN이 약 {mlp_total / cnn_total:.0f}배 적습니다.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv-params-md", "locked": true, "schema_version": 3, "solution": false}
# 합성곱층 하나의 파라미터 수는 입력 깊이에 비례합니다. 같은 3×3 필터 32개라도 회색조 입력 (채널 1)과
# 컬러 입력 (채널 3, 3.6절)에서 다릅니다.

# %% nbgrader={"grade": false, "grade_id": "conv-params", "locked": true, "schema_version": 3, "solution": false}
for channels in (1, 3):
    n = try_run(conv2d_params, 3, channels, 32)
    if n is not None:
        print(f"Conv2D(32, 3) on {channels} channel(s): {n:,} parameters")

# %% [markdown] nbgrader={"grade": false, "grade_id": "written-md", "locked": true, "schema_version": 3, "solution": false}
# ### 과제 4: 서술형 (written answer, 4점 / 4 points)
# 풀링층을 사용하는 이유를 설명하고, 최대 풀링과 평균 풀링의 결과가 위의 그림에서 어떻게 달랐는지
# 쓰세요. 풀링층에 학습되는 파라미터가 없는 이유는 무엇인가요?

# %% [markdown] nbgrader={"grade": true, "grade_id": "written", "locked": false, "points": 4, "schema_version": 3, "solution": true}
# 풀링은 중요한 특징을 잃지 않으면서 특징 맵의 가로세로 크기를 줄여, 다음 층의 파라미터 수와 계산량을
# 줄입니다 (위의 CNN은 풀링 덕분에 Flatten 뒤 벡터가 1000개뿐입니다). 최대 풀링은 획처럼 강한
# 반응을 또렷하게 남기고, 평균 풀링은 이미지를 부드럽게 흐립니다. 풀링은 최대값이나 평균 같은
# 고정된 통계 함수일 뿐 곱할 가중치가 없으므로 학습할 파라미터가 없습니다.

# %% [markdown] nbgrader={"grade": false, "grade_id": "selfcheck-md", "locked": true, "schema_version": 3, "solution": false}
# ## 자가 점검 (self-check)
# 아래 셀은 여러분의 모듈 파일을 검사하여 함수마다 통과/실패와 힌트를 보여 줍니다.

# %% nbgrader={"grade": false, "grade_id": "selfcheck", "locked": true, "schema_version": 3, "solution": false}
from autograder.selfcheck import self_check

self_check(".", assignment="cnn332_pooling")
