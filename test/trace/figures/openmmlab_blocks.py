"""Plain-PyTorch copies of the OpenMMLab modules behind the public memory figures in figures.json.

Each class mirrors the module it names (mmcv 1.x bricks, mmsegmentation 0.x backbones, necks and
decode heads, mmaction2 0.x TimeSformer) op for op where the op creates or keeps a tensor: the same
layers, the same reshapes that copy (``.contiguous()``, ``reshape`` of a non-contiguous slice), the
same in-place activations, the same residual adds, losses at full label resolution. Initialisation,
pretrained loading and logging are left out: they allocate nothing during training. Sources read:
mmsegmentation v0.17-v0.21 (mmseg/models/backbones/vit.py, necks/multilevel_neck.py, necks/mla_neck.py,
decode_heads/{decode_head,uper_head,psp_head,fcn_head,setr_up_head,setr_mla_head,
segmenter_mask_head}.py, losses/{cross_entropy_loss,accuracy}.py), mmcv 1.x
(cnn/bricks/{conv_module,drop,transformer}.py), mmaction2 0.x (models/backbones/timesformer.py,
models/common/transformer.py, models/heads/timesformer_head.py).

``shrink`` (divide every width by it) and ``layers`` (override the depth) exist only so that the
CPU check in test/trace/figures.test.ts can run each builder on real tensors in seconds; the
figures are traced with neither.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

IGNORE_INDEX = 255  # mmseg's default ignore_index


class DropPath(nn.Module):
    """mmcv.cnn.bricks.drop.DropPath: a per-sample mask; the branch output is not kept."""

    def __init__(self, drop_prob=0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        if self.drop_prob == 0.0 or not self.training:
            return x
        keep_prob = 1 - self.drop_prob
        shape = (x.shape[0],) + (1,) * (x.ndim - 1)
        random_tensor = keep_prob + torch.rand(shape, dtype=x.dtype, device=x.device)
        return x.div(keep_prob) * random_tensor.floor()


class MultiheadAttention(nn.Module):
    """mmcv.cnn.bricks.transformer.MultiheadAttention (batch_first): torch's nn.MultiheadAttention
    on transposed views, then identity + drop_path(proj_drop(out))."""

    def __init__(self, dims, heads, attn_drop=0.0, proj_drop=0.0, drop_path=0.0, bias=True, batch_first=True):
        super().__init__()
        self.batch_first = batch_first
        self.attn = nn.MultiheadAttention(dims, heads, dropout=attn_drop, bias=bias)
        self.proj_drop = nn.Dropout(proj_drop)
        self.dropout_layer = DropPath(drop_path)

    def forward(self, query, identity=None):
        if identity is None:
            identity = query
        key = value = query
        if self.batch_first:
            query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
        out = self.attn(query=query, key=key, value=value)[0]
        if self.batch_first:
            out = out.transpose(0, 1)
        return identity + self.dropout_layer(self.proj_drop(out))


class FFN(nn.Module):
    """mmcv.cnn.bricks.transformer.FFN with two fcs: Linear, act, Dropout, Linear, Dropout."""

    def __init__(self, dims, hidden, ffn_drop=0.0, drop_path=0.0, act=nn.GELU):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Sequential(nn.Linear(dims, hidden), act(), nn.Dropout(ffn_drop)),
            nn.Linear(hidden, dims),
            nn.Dropout(ffn_drop),
        )
        self.dropout_layer = DropPath(drop_path)

    def forward(self, x, identity=None):
        out = self.layers(x)
        if identity is None:
            identity = x
        return identity + self.dropout_layer(out)


class TransformerEncoderLayer(nn.Module):
    """mmseg.models.backbones.vit.TransformerEncoderLayer (pre-norm, LN eps from the config)."""

    def __init__(self, dims, heads, hidden, drop_rate=0.0, attn_drop=0.0, drop_path=0.0, qkv_bias=True, eps=1e-6):
        super().__init__()
        self.norm1 = nn.LayerNorm(dims, eps=eps)
        self.attn = MultiheadAttention(dims, heads, attn_drop, drop_rate, drop_path, bias=qkv_bias)
        self.norm2 = nn.LayerNorm(dims, eps=eps)
        self.ffn = FFN(dims, hidden, drop_rate, drop_path)

    def forward(self, x):
        x = self.attn(self.norm1(x), identity=x)
        return self.ffn(self.norm2(x), identity=x)


def drop_path_rates(rate, depth):
    """Stochastic depth decay rule of mmseg/mmcv: linspace(0, rate, depth)."""
    return [x.item() for x in torch.linspace(0, rate, depth, device='cpu')]


class VisionTransformer(nn.Module):
    """mmseg.models.backbones.vit.VisionTransformer (v0.17+): conv patch embedding (padding
    'corner' pads nothing when the image divides by the patch), cls token, learned position
    embedding, pre-norm layers, outputs at out_indices reshaped to NCHW with .contiguous()."""

    def __init__(self, image, patch=16, dims=768, depth=12, heads=12, mlp_ratio=4, out_indices=(11,),
                 qkv_bias=True, drop_rate=0.0, attn_drop=0.0, drop_path_rate=0.0, with_cls_token=True,
                 final_norm=False, eps=1e-6):
        super().__init__()
        self.patch = patch
        self.patch_embed = nn.Conv2d(3, dims, kernel_size=patch, stride=patch)
        tokens = (image[0] // patch) * (image[1] // patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dims))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens + 1, dims))
        self.drop_after_pos = nn.Dropout(p=drop_rate)
        self.with_cls_token = with_cls_token
        self.out_indices = tuple(i if i >= 0 else depth + i for i in out_indices)
        rates = drop_path_rates(drop_path_rate, depth)
        self.layers = nn.ModuleList(
            TransformerEncoderLayer(dims, heads, mlp_ratio * dims, drop_rate, attn_drop, rates[i], qkv_bias, eps)
            for i in range(depth)
        )
        self.final_norm = final_norm
        if final_norm:
            self.norm1 = nn.LayerNorm(dims, eps=eps)

    def forward(self, inputs):
        b = inputs.shape[0]
        x = self.patch_embed(inputs)
        hw = x.shape[2:]
        x = x.flatten(2).transpose(1, 2)  # mmseg PatchEmbed
        cls_tokens = self.cls_token.expand(b, -1, -1)
        x = torch.cat((cls_tokens, x), dim=1)
        x = self.drop_after_pos(x + self.pos_embed)
        if not self.with_cls_token:
            x = x[:, 1:]
        outs = []
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i == len(self.layers) - 1 and self.final_norm:
                x = self.norm1(x)
            if i in self.out_indices:
                out = x[:, 1:] if self.with_cls_token else x
                c = out.shape[2]
                outs.append(out.reshape(b, hw[0], hw[1], c).permute(0, 3, 1, 2).contiguous())
        return tuple(outs)


class ConvModule(nn.Module):
    """mmcv.cnn.ConvModule: conv (bias only without norm), BN (SyncBN traces as BN: same tensors on
    one GPU), ReLU (in place unless inplace=False)."""

    def __init__(self, cin, cout, kernel=1, padding=0, norm=True, act=True, inplace=True, stride=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, bias=not norm)
        self.bn = nn.BatchNorm2d(cout) if norm else None
        self.activate = nn.ReLU(inplace=inplace) if act else None

    def forward(self, x):
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        if self.activate is not None:
            x = self.activate(x)
        return x


def resize(x, size=None, scale_factor=None, mode='bilinear', align_corners=False):
    """mmseg.ops.resize: F.interpolate (always a new tensor)."""
    return F.interpolate(x, size=size, scale_factor=scale_factor, mode=mode, align_corners=align_corners)


class DecodeHead(nn.Module):
    """mmseg BaseDecodeHead's cls_seg (Dropout2d then a 1x1 conv) and losses (logits resized to
    the label, cross entropy with reduction='none' then mean, times loss_weight; top-1 accuracy)."""

    def __init__(self, channels, num_classes, dropout_ratio=0.1, loss_weight=1.0, align_corners=False, in_index=-1):
        super().__init__()
        self.dropout = nn.Dropout2d(dropout_ratio) if dropout_ratio > 0 else None
        self.conv_seg = nn.Conv2d(channels, num_classes, kernel_size=1)
        self.loss_weight = loss_weight
        self.align_corners = align_corners
        self.in_index = in_index

    def cls_seg(self, feat):
        if self.dropout is not None:
            feat = self.dropout(feat)
        return self.conv_seg(feat)

    def losses(self, seg_logit, seg_label):
        seg_logit = resize(seg_logit, size=seg_label.shape[2:], align_corners=self.align_corners)
        seg_label = seg_label.squeeze(1)
        loss = F.cross_entropy(seg_logit, seg_label, reduction='none', ignore_index=IGNORE_INDEX)
        loss = loss.mean() * self.loss_weight
        # mmseg.models.losses.accuracy: topk on the resized logits (values and indices are made)
        _, pred_label = seg_logit.topk(1, dim=1)
        correct = pred_label.transpose(0, 1).eq(seg_label.unsqueeze(0).expand_as(pred_label.transpose(0, 1)))
        acc = correct[:1].reshape(-1).float().sum(0, keepdim=True).mul_(100.0 / seg_label.numel())
        return loss, acc


class FCNHead(DecodeHead):
    """mmseg FCNHead: num_convs ConvModules (kernel 3 by default), no concat_input, cls_seg."""

    def __init__(self, cin, channels, num_classes, num_convs=1, kernel=3, **kwargs):
        super().__init__(channels, num_classes, **kwargs)
        convs = [ConvModule(cin if i == 0 else channels, channels, kernel, padding=kernel // 2) for i in range(num_convs)]
        self.convs = nn.Sequential(*convs) if num_convs > 0 else nn.Identity()

    def forward(self, inputs):
        return self.cls_seg(self.convs(inputs[self.in_index]))


class PPM(nn.ModuleList):
    """mmseg PPM: adaptive pooling, 1x1 ConvModule, bilinear resize back, per pool scale."""

    def __init__(self, pool_scales, cin, channels, align_corners=False):
        super().__init__(nn.Sequential(nn.AdaptiveAvgPool2d(s), ConvModule(cin, channels, 1)) for s in pool_scales)
        self.align_corners = align_corners

    def forward(self, x):
        return [resize(m(x), size=x.shape[2:], align_corners=self.align_corners) for m in self]


class UPerHead(DecodeHead):
    """mmseg UPerHead: PSP on the last level, FPN laterals (ReLU not in place) with a top-down
    add, 3x3 fpn convs, everything resized to the first level, concat, bottleneck, cls_seg."""

    def __init__(self, in_channels, channels, num_classes, pool_scales=(1, 2, 3, 6), **kwargs):
        super().__init__(channels, num_classes, **kwargs)
        self.psp_modules = PPM(pool_scales, in_channels[-1], channels, self.align_corners)
        self.bottleneck = ConvModule(in_channels[-1] + len(pool_scales) * channels, channels, 3, padding=1)
        self.lateral_convs = nn.ModuleList(ConvModule(c, channels, 1, inplace=False) for c in in_channels[:-1])
        self.fpn_convs = nn.ModuleList(ConvModule(channels, channels, 3, padding=1, inplace=False) for _ in in_channels[:-1])
        self.fpn_bottleneck = ConvModule(len(in_channels) * channels, channels, 3, padding=1)

    def psp_forward(self, inputs):
        x = inputs[-1]
        psp_outs = [x]
        psp_outs.extend(self.psp_modules(x))
        return self.bottleneck(torch.cat(psp_outs, dim=1))

    def forward(self, inputs):
        laterals = [conv(inputs[i]) for i, conv in enumerate(self.lateral_convs)]
        laterals.append(self.psp_forward(inputs))
        levels = len(laterals)
        for i in range(levels - 1, 0, -1):
            prev_shape = laterals[i - 1].shape[2:]
            laterals[i - 1] = laterals[i - 1] + resize(laterals[i], size=prev_shape, align_corners=self.align_corners)
        fpn_outs = [self.fpn_convs[i](laterals[i]) for i in range(levels - 1)]
        fpn_outs.append(laterals[-1])
        for i in range(levels - 1, 0, -1):
            fpn_outs[i] = resize(fpn_outs[i], size=fpn_outs[0].shape[2:], align_corners=self.align_corners)
        output = self.fpn_bottleneck(torch.cat(fpn_outs, dim=1))
        return self.cls_seg(output)


class MultiLevelNeck(nn.Module):
    """mmseg MultiLevelNeck: 1x1 lateral convs (no norm, no act), bilinear rescale by each scale
    (a copy even at scale 1), 3x3 conv."""

    def __init__(self, in_channels, out_channels, scales=(0.5, 1, 2, 4)):
        super().__init__()
        self.scales = scales
        self.lateral_convs = nn.ModuleList(ConvModule(c, out_channels, 1, norm=False, act=False) for c in in_channels)
        self.convs = nn.ModuleList(ConvModule(out_channels, out_channels, 3, padding=1, norm=False, act=False) for _ in scales)

    def forward(self, inputs):
        inputs = [conv(inputs[i]) for i, conv in enumerate(self.lateral_convs)]
        if len(inputs) == 1:
            inputs = [inputs[0] for _ in self.scales]
        return tuple(
            self.convs[i](F.interpolate(inputs[i], scale_factor=s, mode='bilinear')) for i, s in enumerate(self.scales)
        )


class SETRUPHead(DecodeHead):
    """mmseg SETRUPHead: LayerNorm over tokens (reshape/transpose copies), num_convs x
    (ConvModule, bilinear Upsample by up_scale), cls_seg."""

    def __init__(self, cin, channels, num_classes, num_convs=1, up_scale=4, kernel=3, **kwargs):
        super().__init__(channels, num_classes, **kwargs)
        self.norm = nn.LayerNorm(cin, eps=1e-6)
        convs = []
        for i in range(num_convs):
            convs.append(
                nn.Sequential(
                    ConvModule(cin if i == 0 else channels, channels, kernel, padding=(kernel - 1) // 2),
                    nn.Upsample(scale_factor=up_scale, mode='bilinear', align_corners=self.align_corners),
                )
            )
        self.up_convs = nn.ModuleList(convs)

    def forward(self, inputs):
        x = inputs[self.in_index]
        n, c, h, w = x.shape
        x = x.reshape(n, c, h * w).transpose(2, 1)
        x = self.norm(x)
        x = x.transpose(1, 2).reshape(n, c, h, w)
        for up_conv in self.up_convs:
            x = up_conv(x)
        return self.cls_seg(x)


class MLANeck(nn.Module):
    """mmseg MLANeck: per-level LayerNorm over tokens (with .contiguous() copies), then MLAModule:
    1x1 channel projections, top-down cumulative sums, 3x3 feature extraction convs."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.norm = nn.ModuleList(nn.LayerNorm(c, eps=1e-6) for c in in_channels)
        self.channel_proj = nn.ModuleList(ConvModule(c, out_channels, 1) for c in in_channels)
        self.feat_extract = nn.ModuleList(ConvModule(out_channels, out_channels, 3, padding=1) for _ in in_channels)

    def forward(self, inputs):
        outs = []
        for i, x in enumerate(inputs):
            n, c, h, w = x.shape
            x = x.reshape(n, c, h * w).transpose(2, 1).contiguous()
            x = self.norm[i](x)
            outs.append(x.transpose(1, 2).reshape(n, c, h, w).contiguous())
        feats = [conv(x) for x, conv in zip(outs, self.channel_proj)][::-1]
        mids = []
        for feat in feats:
            mids.append(feat if not mids else mids[-1] + feat)
        return tuple(conv(mid) for mid, conv in zip(mids, self.feat_extract))


class SETRMLAHead(DecodeHead):
    """mmseg SETRMLAHead: per level two 3x3 ConvModules to mla_channels and a bilinear Upsample,
    concat, cls_seg."""

    def __init__(self, in_channels, channels, num_classes, mla_channels=128, up_scale=4, **kwargs):
        super().__init__(channels, num_classes, **kwargs)
        self.up_convs = nn.ModuleList(
            nn.Sequential(
                ConvModule(c, mla_channels, 3, padding=1),
                ConvModule(mla_channels, mla_channels, 3, padding=1),
                nn.Upsample(scale_factor=up_scale, mode='bilinear', align_corners=self.align_corners),
            )
            for c in in_channels
        )

    def forward(self, inputs):
        return self.cls_seg(torch.cat([up(x) for x, up in zip(inputs, self.up_convs)], dim=1))


class SegmenterMaskTransformerHead(DecodeHead):
    """mmseg SegmenterMaskTransformerHead: tokens projected, class embeddings appended, two
    encoder layers, LayerNorm, normalised patch/class projections, masks, mask LayerNorm."""

    def __init__(self, cin, dims, heads, depth, num_classes, drop_path_rate=0.1, **kwargs):
        super().__init__(dims, num_classes, **kwargs)
        self.num_classes = num_classes
        rates = drop_path_rates(drop_path_rate, depth)
        self.layers = nn.ModuleList(
            TransformerEncoderLayer(dims, heads, 4 * dims, drop_path=rates[i], eps=1e-5) for i in range(depth)
        )
        self.dec_proj = nn.Linear(cin, dims)
        self.cls_emb = nn.Parameter(torch.randn(1, num_classes, dims))
        self.patch_proj = nn.Linear(dims, dims, bias=False)
        self.classes_proj = nn.Linear(dims, dims, bias=False)
        self.decoder_norm = nn.LayerNorm(dims)
        self.mask_norm = nn.LayerNorm(num_classes)
        del self.conv_seg  # the mask head has no conv_seg on its forward path

    def forward(self, inputs):
        x = inputs[self.in_index]
        b, c, h, w = x.shape
        x = x.permute(0, 2, 3, 1).contiguous().view(b, -1, c)
        x = self.dec_proj(x)
        cls_emb = self.cls_emb.expand(x.size(0), -1, -1)
        x = torch.cat((x, cls_emb), 1)
        for layer in self.layers:
            x = layer(x)
        x = self.decoder_norm(x)
        patches, cls_seg_feat = x[:, : -self.num_classes], x[:, -self.num_classes :]
        patches = self.patch_proj(patches)
        cls_seg_feat = self.classes_proj(cls_seg_feat)
        patches = patches / patches.norm(dim=-1, keepdim=True)
        cls_seg_feat = cls_seg_feat / cls_seg_feat.norm(dim=-1, keepdim=True)
        masks = patches @ cls_seg_feat.transpose(1, 2)
        masks = self.mask_norm(masks)
        return masks.permute(0, 2, 1).contiguous().view(b, -1, h, w)


class EncoderDecoder(nn.Module):
    """mmseg EncoderDecoder.forward_train: backbone, optional neck, decode head forward and loss,
    each auxiliary head forward and loss; returns the loss dict (losses are summed by the
    runner's _parse_losses)."""

    def __init__(self, backbone, decode_head, auxiliary_heads=(), neck=None):
        super().__init__()
        self.backbone = backbone
        self.neck = neck
        self.decode_head = decode_head
        self.auxiliary_head = nn.ModuleList(auxiliary_heads)

    def forward(self, img, gt_semantic_seg):
        x = self.backbone(img)
        if self.neck is not None:
            x = self.neck(x)
        losses = {}
        loss, acc = self.decode_head.losses(self.decode_head(x), gt_semantic_seg)
        losses['decode.loss_seg'], losses['decode.acc_seg'] = loss, acc
        for i, head in enumerate(self.auxiliary_head):
            loss, acc = head.losses(head(x), gt_semantic_seg)
            losses['aux_%d.loss_seg' % i], losses['aux_%d.acc_seg' % i] = loss, acc
        return losses


def parse_losses(losses, _inputs=None):
    """mmseg/mmcv _parse_losses: the sum of every entry whose key contains 'loss'."""
    return sum(v for k, v in losses.items() if 'loss' in k)


def segmentation_inputs(batch, image, num_classes=150):
    """What mmseg's DefaultFormatBundle puts on the GPU: fp32 images and int64 labels."""
    img = torch.randn(batch, 3, image[0], image[1])
    seg = torch.randint(0, num_classes, (batch, 1, image[0], image[1]), dtype=torch.int64)
    return {'img': img, 'gt_semantic_seg': seg}


def mmcv_loop(iterations=2, **extra):
    """mmcv 1.x IterBasedRunner + OptimizerHook: optimizer.zero_grad() in after_train_iter, i.e.
    after the forward and loss (gradients of the previous step are alive through the forward);
    zero_grad() of the torch 1.x the logs ran on keeps gradients as zeroed tensors
    (set_to_none=False); MMDistributedDataParallel wraps torch DDP (bucket copies of gradients)."""
    loop = {'iterations': iterations, 'zero_grad': 'after_forward', 'set_to_none': False, 'ddp': True}
    loop.update(extra)
    return loop


def sgd(lr, momentum=0.9, weight_decay=0.0, nesterov=False):
    return lambda params: torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov)


def adamw(lr, weight_decay=0.01, betas=(0.9, 0.999)):
    return lambda params: torch.optim.AdamW(params, lr=lr, betas=betas, weight_decay=weight_decay)


def shrunk(width, shrink):
    """A width divided by the test-only shrink factor (at least 1)."""
    return max(1, width // shrink)


# --- mmaction2 0.x TimeSformer -----------------------------------------------------------------


def rearrange_bpt_to_btp(x, p, t):
    """einops 'b (p t) m -> (b t) p m' (reshape, permute, reshape: one copy)."""
    b, _, m = x.shape
    return x.reshape(b, p, t, m).permute(0, 2, 1, 3).reshape(b * t, p, m)


def rearrange_btp_to_bpt(x, b, p, t):
    """einops '(b t) p m -> b (p t) m'."""
    m = x.shape[-1]
    return x.reshape(b, t, p, m).permute(0, 2, 1, 3).reshape(b, p * t, m)


class DividedTemporalAttentionWithNorm(nn.Module):
    """mmaction2 DividedTemporalAttentionWithNorm: LN, attention over the frames of each patch
    (sequence-first nn.MultiheadAttention on one tensor: q is k is v), drop path, temporal_fc."""

    def __init__(self, dims, heads, frames, drop_path):
        super().__init__()
        self.frames = frames
        self.norm = nn.LayerNorm(dims, eps=1e-6)
        self.attn = nn.MultiheadAttention(dims, heads, 0.0)
        self.proj_drop = nn.Dropout(0.0)
        self.dropout_layer = DropPath(drop_path)
        self.temporal_fc = nn.Linear(dims, dims)

    def forward(self, query):
        init_cls_token = query[:, 0, :].unsqueeze(1)
        identity = query_t = query[:, 1:, :]
        b, pt, m = query_t.size()
        p, t = pt // self.frames, self.frames
        query_t = self.norm(query_t.reshape(b * p, t, m)).permute(1, 0, 2)
        res_temporal = self.attn(query_t, query_t, query_t)[0].permute(1, 0, 2)
        res_temporal = self.dropout_layer(self.proj_drop(res_temporal.contiguous()))
        res_temporal = self.temporal_fc(res_temporal)
        res_temporal = res_temporal.reshape(b, p * t, m)
        return torch.cat((init_cls_token, identity + res_temporal), 1)


class DividedSpatialAttentionWithNorm(nn.Module):
    """mmaction2 DividedSpatialAttentionWithNorm: the cls token repeated per frame, LN, attention
    over the patches of each frame, cls outputs averaged over frames, residual add."""

    def __init__(self, dims, heads, frames, drop_path):
        super().__init__()
        self.frames = frames
        self.norm = nn.LayerNorm(dims, eps=1e-6)
        self.attn = nn.MultiheadAttention(dims, heads, 0.0)
        self.proj_drop = nn.Dropout(0.0)
        self.dropout_layer = DropPath(drop_path)

    def forward(self, query):
        identity = query
        init_cls_token = query[:, 0, :].unsqueeze(1)
        query_s = query[:, 1:, :]
        b, pt, m = query_s.size()
        p, t = pt // self.frames, self.frames
        cls_token = init_cls_token.repeat(1, t, 1).reshape(b * t, m).unsqueeze(1)
        query_s = rearrange_bpt_to_btp(query_s, p, t)
        query_s = torch.cat((cls_token, query_s), 1)
        query_s = self.norm(query_s).permute(1, 0, 2)
        res_spatial = self.attn(query_s, query_s, query_s)[0].permute(1, 0, 2)
        res_spatial = self.dropout_layer(self.proj_drop(res_spatial.contiguous()))
        cls_token = res_spatial[:, 0, :].reshape(b, t, m)
        cls_token = torch.mean(cls_token, 1, True)
        res_spatial = rearrange_btp_to_bpt(res_spatial[:, 1:, :], b, p, t)
        res_spatial = torch.cat((cls_token, res_spatial), 1)
        return identity + res_spatial


class FFNWithNorm(FFN):
    """mmaction2 FFNWithNorm: FFN(norm(x), identity=x)."""

    def __init__(self, dims, hidden, drop_path):
        super().__init__(dims, hidden, drop_path=drop_path)
        self.norm = nn.LayerNorm(dims, eps=1e-6)

    def forward(self, x, identity=None):
        return super().forward(self.norm(x), x)


class DividedLayer(nn.Module):
    """mmcv BaseTransformerLayer with operation_order ('self_attn', 'self_attn', 'ffn')."""

    def __init__(self, dims, heads, frames, drop_path):
        super().__init__()
        self.attentions = nn.ModuleList(
            [
                DividedTemporalAttentionWithNorm(dims, heads, frames, drop_path),
                DividedSpatialAttentionWithNorm(dims, heads, frames, drop_path),
            ]
        )
        self.ffns = nn.ModuleList([FFNWithNorm(dims, 4 * dims, drop_path)])

    def forward(self, x):
        x = self.attentions[0](x)
        x = self.attentions[1](x)
        return self.ffns[0](x)


class PreNormLayer(nn.Module):
    """mmcv BaseTransformerLayer with operation_order ('norm', 'self_attn', 'norm', 'ffn'), batch
    first: mmcv MultiheadAttention (identity = the layer input) and FFN (identity = attention out)."""

    def __init__(self, dims, heads, drop_path):
        super().__init__()
        self.norms = nn.ModuleList([nn.LayerNorm(dims, eps=1e-6), nn.LayerNorm(dims, eps=1e-6)])
        self.attentions = nn.ModuleList([MultiheadAttention(dims, heads, drop_path=drop_path)])
        self.ffns = nn.ModuleList([FFN(dims, 4 * dims, drop_path=drop_path)])

    def forward(self, x):
        identity = x
        x = self.attentions[0](self.norms[0](x), identity=identity)
        identity = x
        return self.ffns[0](self.norms[1](x), identity=identity)


class TimeSformer(nn.Module):
    """mmaction2 0.x TimeSformer backbone + TimeSformerHead in a Recognizer3D: patch embedding per
    frame, cls token and position embedding, time embedding (not for space_only), 12 layers with
    drop path linspace(0, 0.1), LN, the cls token to a 400-way fc; loss = cross entropy."""

    def __init__(self, attention_type, frames=8, image=224, patch=16, dims=768, heads=12, depth=12, num_classes=400):
        super().__init__()
        self.attention_type = attention_type
        self.frames = frames
        self.projection = nn.Conv2d(3, dims, kernel_size=patch, stride=patch)
        tokens = (image // patch) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dims))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens + 1, dims))
        self.drop_after_pos = nn.Dropout(0.0)
        if attention_type != 'space_only':
            self.time_embed = nn.Parameter(torch.zeros(1, frames, dims))
            self.drop_after_time = nn.Dropout(0.0)
        self.norm = nn.LayerNorm(dims, eps=1e-6)
        rates = [float(r) for r in torch.linspace(0, 0.1, depth, device='cpu')]
        if attention_type == 'divided_space_time':
            layers = [DividedLayer(dims, heads, frames, rates[i]) for i in range(depth)]
        else:
            layers = [PreNormLayer(dims, heads, rates[i]) for i in range(depth)]
        self.layers = nn.ModuleList(layers)
        self.fc_cls = nn.Linear(dims, num_classes)

    def forward(self, imgs, label):
        imgs = imgs.reshape((-1,) + imgs.shape[2:])  # Recognizer3D: clips into the batch
        batches = imgs.shape[0]
        b, c, t, h, w = imgs.shape
        x = imgs.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)  # 'b c t h w -> (b t) c h w'
        x = self.projection(x).flatten(2).transpose(1, 2)
        cls_tokens = self.cls_token.expand(x.size(0), -1, -1)
        x = torch.cat((cls_tokens, x), dim=1)
        x = self.drop_after_pos(x + self.pos_embed)
        if self.attention_type != 'space_only':
            cls_tokens = x[:batches, 0, :].unsqueeze(1)
            p = x.shape[1] - 1
            x = x[:, 1:, :].reshape(batches, t, p, -1).permute(0, 2, 1, 3).reshape(batches * p, t, -1)
            x = self.drop_after_time(x + self.time_embed)
            x = x.reshape(batches, p, t, -1).reshape(batches, p * t, -1)  # '(b p) t m -> b (p t) m'
            x = torch.cat((cls_tokens, x), dim=1)
        for layer in self.layers:
            x = layer(x)
        if self.attention_type == 'space_only':
            x = x.view(-1, self.frames, *x.size()[-2:])
            x = torch.mean(x, 1)
        x = self.norm(x)
        cls_score = self.fc_cls(x[:, 0])
        return {'loss_cls': F.cross_entropy(cls_score, label.squeeze(-1))}


def video_inputs(batch, frames=8, image=224, num_classes=400):
    """Recognizer3D inputs: (N, clips=1, C, T, H, W) fp32 clips and int64 labels."""
    return {
        'imgs': torch.randn(batch, 1, 3, frames, image, image),
        'label': torch.randint(0, num_classes, (batch, 1), dtype=torch.int64),
    }
