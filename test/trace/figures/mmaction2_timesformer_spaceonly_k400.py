"""Builder for the public figure mmaction2_timesformer_spaceonly_k400 (figures.json): | [timesformer_spaceOnly_8x32x1_15e_kinetics400_rgb](...) | short-side 320 | 8 | TimeSformer | ImageNet-21K | ... | gpu_mem(M) 12750.

Config: configs/recognition/timesformer/timesformer_spaceOnly_8x32x1_15e_kinetics400_rgb.py, 8 per GPU; link: https://github.com/open-mmlab/mmaction2/blob/71a938ab54c0ce54c43b6c21b9658408a2bb3c0f/configs/recognition/timesformer/README.md#L27
"""

from openmmlab_models import timesformer


def build(batch=8, shrink=1, layers=None, **test_only):
    """shrink, layers and test_only (image) are for the CPU check only; figures are traced without."""
    config = dict(attention_type='space_only')
    config.update(test_only)
    return timesformer(batch, shrink=shrink, layers=layers, **config)
