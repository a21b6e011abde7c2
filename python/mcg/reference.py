"""Reference semantics of cgraph ops in numpy (float64 inside).

Independent of mcg's C++ code: these are what the numeric tests and the
example models' expected outputs are computed with.
"""

import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def conv2d(x, w, b=None, stride=(1, 1), pads=(0, 0, 0, 0), dil=(1, 1), groups=1):
    """NCHW input, OIHW weight, pads = (top, left, bottom, right)."""
    x = np.pad(np.asarray(x, np.float64), ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    oh = (h - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd - dil[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, oh, ow))
    og = o // groups
    for g in range(groups):
        xs = x[:, g * cg:(g + 1) * cg]
        for ky in range(kh):
            for kx in range(kw):
                patch = xs[:, :, ky * dil[0]: ky * dil[0] + stride[0] * (oh - 1) + 1: stride[0],
                           kx * dil[1]: kx * dil[1] + stride[1] * (ow - 1) + 1: stride[1]]
                out[:, g * og:(g + 1) * og] += np.einsum(
                    "nchw,oc->nohw", patch, w[g * og:(g + 1) * og, :, ky, kx])
    if b is not None:
        out += np.asarray(b).reshape(1, -1, 1, 1)
    return out


def conv_transpose2d(x, w, b=None, stride=(1, 1), pads=(0, 0, 0, 0), dil=(1, 1),
                     out_pad=(0, 0), groups=1):
    """Scatter form: every input pixel adds x * w to its output window."""
    n, c, h, wd = x.shape
    _, og, kh, kw = w.shape
    o = og * groups
    full_h = (h - 1) * stride[0] + dil[0] * (kh - 1) + 1 + out_pad[0]
    full_w = (wd - 1) * stride[1] + dil[1] * (kw - 1) + 1 + out_pad[1]
    out = np.zeros((n, o, full_h, full_w))
    cg = c // groups
    for g in range(groups):
        for iy in range(h):
            for ix in range(wd):
                v = np.asarray(x[:, g * cg:(g + 1) * cg, iy, ix], np.float64)
                for ky in range(kh):
                    for kx in range(kw):
                        out[:, g * og:(g + 1) * og, iy * stride[0] + ky * dil[0],
                            ix * stride[1] + kx * dil[1]] += v @ w[g * cg:(g + 1) * cg, :, ky, kx]
    out = out[:, :, pads[0]: full_h - pads[2], pads[1]: full_w - pads[3]]
    if b is not None:
        out += np.asarray(b).reshape(1, -1, 1, 1)
    return out


def pool2d(x, k, stride, pads, kind, ceil=False, include_pad=False, dil=(1, 1)):
    """max or avg pooling, ONNX semantics (ceil mode never starts a window in
    the end padding; avg counts padding only with include_pad)."""
    n, c, h, w = x.shape
    outs = []
    for i, size in enumerate((h, w)):
        span = dil[i] * (k[i] - 1) + 1
        avail = size + pads[i] + pads[i + 2] - span
        o = (-(-avail // stride[i]) if ceil else avail // stride[i]) + 1
        if ceil and (o - 1) * stride[i] >= size + pads[i]:
            o -= 1
        outs.append(o)
    res = np.zeros((n, c, outs[0], outs[1]))
    for oy in range(outs[0]):
        for ox in range(outs[1]):
            vals, count = [], 0
            for ky in range(k[0]):
                for kx in range(k[1]):
                    y = oy * stride[0] - pads[0] + ky * dil[0]
                    xx = ox * stride[1] - pads[1] + kx * dil[1]
                    inside = 0 <= y < h and 0 <= xx < w
                    in_declared = -pads[0] <= y < h + pads[2] and -pads[1] <= xx < w + pads[3]
                    if inside:
                        vals.append(x[:, :, y, xx])
                        count += 1
                    elif include_pad and in_declared:
                        vals.append(np.zeros((n, c)))
                        count += 1
            res[:, :, oy, ox] = np.max(vals, axis=0) if kind == "max" else np.sum(vals, axis=0) / count
    return res


def batch_norm(x, scale, bias, mean, var, eps):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return ((x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(shape)
            + bias.reshape(shape))


def layer_norm(x, scale, bias, axis=-1, eps=1e-5):
    axes = tuple(range(axis % x.ndim, x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mu) / np.sqrt(var + eps) * scale
    return y + bias if bias is not None else y


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))
