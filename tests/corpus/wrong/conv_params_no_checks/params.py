"""Parameter counts (lecture 3.1.4, 3.6)."""


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    weights = kh * kw * in_channels * filters
    return weights + filters if use_bias else weights
