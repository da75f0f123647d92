"""Builder for the public figure mmseg_setr_mla_vit_l_ade20k_b1 (figures.json): Memory (GB): 10.96.

Config: configs/setr/setr_mla_512x512_160k_b8_ade20k.py, 1 per GPU; link: https://github.com/open-mmlab/mmsegmentation/blob/94ebf0a04d18f6c81ba7608c5470826f3653ac1a/configs/setr/metafile.yaml#L85
"""

from openmmlab_models import setr_vit_large


def build(batch=1, shrink=1, layers=None, **test_only):
    """shrink, layers and test_only (image) are for the CPU check only; figures are traced without."""
    config = dict(head='mla')
    config.update(test_only)
    return setr_vit_large(batch, shrink=shrink, layers=layers, **config)
