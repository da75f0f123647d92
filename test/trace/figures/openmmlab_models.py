"""The OpenMMLab models of figures.json assembled from openmmlab_blocks, as their configs build them,
each returned as an oom-gate trace builder result (contract 7: model, inputs, loss, optimizer, loop).

Every function takes the batch per GPU and the config's values; ``shrink`` and ``layers`` are
test-only (see openmmlab_blocks).
"""

from openmmlab_blocks import (
    MLANeck,
    EncoderDecoder,
    FCNHead,
    MultiLevelNeck,
    SegmenterMaskTransformerHead,
    SETRMLAHead,
    SETRUPHead,
    TimeSformer,
    UPerHead,
    VisionTransformer,
    adamw,
    mmcv_loop,
    parse_losses,
    segmentation_inputs,
    sgd,
    shrunk,
    video_inputs,
)


def test_indices(depth):
    """Four distinct output layers at a test-only depth (>= 4): the last four."""
    if depth < 4:
        raise ValueError('layers must be at least 4 (four output levels), got %d' % depth)
    return tuple(range(depth - 4, depth))


def upernet_vit(batch, image=512, dims=768, heads=12, depth=12, drop_path_rate=0.0, final_norm=False, mln=True,
                num_classes=150, shrink=1, layers=None):
    """configs/_base_/models/upernet_vit-b16_ln_mln.py with the vit/ ADE20K overrides: ViT (out
    indices 2, 5, 8, 11; LN eps 1e-6), MultiLevelNeck (scales 4, 2, 1, 0.5) unless neck=None,
    UPerHead (channels 512, dropout 0.1) and an FCNHead auxiliary (in_index 3, channels 256, one
    conv, loss 0.4); AdamW lr 6e-5, weight decay 0.01; 8 GPUs under DDP."""
    d, c512, c256 = shrunk(dims, shrink), shrunk(512, shrink), shrunk(256, shrink)
    depth = layers or depth
    out_indices = test_indices(depth) if layers else (2, 5, 8, 11)
    backbone = VisionTransformer((image, image), 16, d, depth, heads, 4, out_indices, drop_path_rate=drop_path_rate,
                                 final_norm=final_norm)
    levels = len(out_indices)
    neck = MultiLevelNeck([d] * levels, d, scales=[4, 2, 1, 0.5][:levels]) if mln else None
    decode = UPerHead([d] * levels, c512, num_classes, dropout_ratio=0.1)
    aux = FCNHead(d, c256, num_classes, num_convs=1, dropout_ratio=0.1, loss_weight=0.4, in_index=levels - 1)
    model = EncoderDecoder(backbone, decode, [aux], neck)
    return {
        'model': model,
        'inputs': segmentation_inputs(batch, (image, image), num_classes),
        'loss': parse_losses,
        'optimizer': adamw(6e-5, weight_decay=0.01),
        'loop': mmcv_loop(),
    }


def setr_vit_large(batch, head, image=512, num_classes=150, shrink=1, layers=None):
    """configs/_base_/models/setr_{naive,pup,mla}.py with the ADE20K configs: ViT-L/16 (1024 wide,
    24 layers, 16 heads, drop_rate 0, LN eps 1e-6); SGD momentum 0.9, weight decay 0; DDP.
    naive: SETRUPHead(channels 256, 1 conv 1x1, up x4) + 3 auxiliary SETRUPHeads (in_index 0-2,
    2 convs 1x1, up x4 each, loss 0.4); pup: SETRUPHead(256, 4 convs 3x3, up x2 each) + 3
    auxiliary SETRUPHeads (2 convs 3x3, up x4 each); mla: no cls token, out indices 5, 11, 17, 23,
    MLANeck(256) + SETRMLAHead(mla_channels 128, up x4) + 4 auxiliary FCNHeads (no conv, 1x1)."""
    d, c256, c128 = shrunk(1024, shrink), shrunk(256, shrink), shrunk(128, shrink)
    depth = layers or 24
    pick = lambda idx: test_indices(depth) if layers else idx  # noqa: E731
    neck = None
    if head == 'mla':
        backbone = VisionTransformer((image, image), 16, d, depth, 16, 4, pick((5, 11, 17, 23)), with_cls_token=False)
        neck = MLANeck([d] * 4, c256)
        decode = SETRMLAHead([c256] * 4, c256 * 2, num_classes, mla_channels=c128, up_scale=4, dropout_ratio=0.1)
        auxes = [FCNHead(c256, c256, num_classes, num_convs=0, kernel=1, dropout_ratio=0.0, loss_weight=0.4, in_index=i)
                 for i in range(4)]
    else:
        backbone = VisionTransformer((image, image), 16, d, depth, 16, 4, pick((9, 14, 19, 23)))
        if head == 'naive':
            decode = SETRUPHead(d, c256, num_classes, num_convs=1, up_scale=4, kernel=1, dropout_ratio=0.0, in_index=3)
            aux_convs, aux_kernel = 2, 1
        else:
            decode = SETRUPHead(d, c256, num_classes, num_convs=4, up_scale=2, kernel=3, dropout_ratio=0.0, in_index=3)
            aux_convs, aux_kernel = 2, 3
        auxes = [SETRUPHead(d, c256, num_classes, num_convs=aux_convs, up_scale=4, kernel=aux_kernel, dropout_ratio=0.0,
                            loss_weight=0.4, in_index=i) for i in range(3)]
    model = EncoderDecoder(backbone, decode, auxes, neck)
    return {
        'model': model,
        'inputs': segmentation_inputs(batch, (image, image), num_classes),
        'loss': parse_losses,
        'optimizer': sgd(0.01 if head == 'naive' else 0.001, momentum=0.9, weight_decay=0.0),
        'loop': mmcv_loop(),
    }


def segmenter(batch, dims, heads, depth=12, head='mask', image=512, num_classes=150, shrink=1, layers=None):
    """configs/_base_/models/segmenter_vit-b16_mask.py with the segmenter/ ADE20K configs: ViT
    (drop_path_rate 0.1, final_norm, LN eps 1e-6, cls token), SegmenterMaskTransformerHead (2
    layers, the backbone's width and heads, drop path 0.1, LN eps 1e-5) or, for 'linear', an
    FCNHead without convs; SGD lr 0.001, momentum 0.9, weight decay 0; 8 GPUs x 1 image, DDP."""
    d = shrunk(dims, shrink)
    depth = layers or depth
    backbone = VisionTransformer((image, image), 16, d, depth, heads, 4, (depth - 1,), drop_path_rate=0.1,
                                 final_norm=True)
    if head == 'mask':
        decode = SegmenterMaskTransformerHead(d, d, heads, 2, num_classes, drop_path_rate=0.1, dropout_ratio=0.0)
    else:
        decode = FCNHead(d, d, num_classes, num_convs=0, dropout_ratio=0.0)
    model = EncoderDecoder(backbone, decode)
    return {
        'model': model,
        'inputs': segmentation_inputs(batch, (image, image), num_classes),
        'loss': parse_losses,
        'optimizer': sgd(0.001, momentum=0.9, weight_decay=0.0),
        'loop': mmcv_loop(),
    }


def timesformer(batch, attention_type, frames=8, image=224, shrink=1, layers=None):
    """mmaction2 0.x configs/recognition/timesformer/timesformer_*_8x32x1_15e_kinetics400_rgb.py:
    ViT-B/16 TimeSformer at 8 frames of 224x224, 400 classes, fp32; SGD lr 0.005, momentum 0.9,
    nesterov, weight decay 1e-4; OptimizerHook grad_clip max_norm 40; 8 GPUs under DDP."""
    model = TimeSformer(attention_type, frames, image, 16, shrunk(768, shrink), 12, layers or 12)
    return {
        'model': model,
        'inputs': video_inputs(batch, frames, image),
        'loss': parse_losses,
        'optimizer': sgd(0.005, momentum=0.9, weight_decay=1e-4, nesterov=True),
        'loop': mmcv_loop(clip_grad_norm=40.0),
    }
