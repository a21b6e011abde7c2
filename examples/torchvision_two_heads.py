#!/usr/bin/env python3
"""Exports a small torchvision network with two heads to ONNX.

    /usr/bin/python3 examples/torchvision_two_heads.py OUT.onnx

torchvision's mobilenet_v3_small with random weights (nothing is
downloaded) and random batch-norm statistics, given a second head:

  image 1x3x224x224 -> mobilenet_v3_small features -> pool, classifier -> 'cls' 1x1000
                       features[:4] (stride 8, 24 channels) -> 1x1 conv -> 'seg' 1x8x28x28

The classification head needs the whole backbone; the segmentation head
only its first four blocks, so `--prune-to=seg` keeps a small part of the
graph. scripts/demo.py prunes the exported file to each head and times the
slices against the full model.
"""

import sys

import torch
import torchvision


class TwoHeads(torch.nn.Module):
    def __init__(self):
        super().__init__()
        net = torchvision.models.mobilenet_v3_small(weights=None)
        self.stem = net.features[:4]
        self.rest = net.features[4:]
        self.pool = net.avgpool
        self.classifier = net.classifier
        self.seg = torch.nn.Conv2d(24, 8, kernel_size=1)

    def forward(self, image):
        early = self.stem(image)
        cls = self.classifier(torch.flatten(self.pool(self.rest(early)), 1))
        return cls, self.seg(early)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    torch.manual_seed(0)
    model = TwoHeads().eval()
    # Random statistics, so that batch norm is not the identity.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
    image = torch.rand(1, 3, 224, 224)
    with torch.no_grad():
        torch.onnx.export(model, image, sys.argv[1], opset_version=17,
                          input_names=["image"], output_names=["cls", "seg"])


if __name__ == "__main__":
    main()
