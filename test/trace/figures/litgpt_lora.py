"""lit-gpt at commit 8641822 (Lightning-AI/litgpt, 2023-10), the code behind the LoRA rows of its
tutorials/resource-tables.md, rewritten op for op in plain PyTorch as a trace builder (contract 7).

What the figure's run did (finetune/lora.py at that commit, read from the repository):
- Fabric ``precision="bf16-true"``: the model is built in bfloat16 (all weights, LoRA A/B too).
- LoRA r=8, alpha=16, dropout 0.05 on query and value only (one fused QKV linear per block whose
  LoRA branch is dropout -> linear(A) -> grouped conv1d(B) -> zero-padded to q,k,v -> * alpha/r);
  every other weight frozen; AdamW(lr 3e-4, weight decay 0.01) over the LoRA parameters only.
- ``model.max_seq_length = longest`` is set outside ``fabric.init_module``, so the RoPE cache
  (cos, sin: (T, rope_n_elem)) is rebuilt in the default float32; q and k times an fp32 cos
  promote to fp32 before ``type_as`` casts them back.
- Attention: ``F.scaled_dot_product_attention(q, k, v, scale=1/sqrt(hs), is_causal=True)``
  without a mask (flash on an A100 in bf16; the flash-attn package was not among the listed
  libraries, so the SDPA branch ran).
- ``logits = model(input_ids, lm_head_chunk_size=128)``: the LM head runs per 128-token chunk, the
  last chunk drops its last position, and ``chunked_cross_entropy`` takes one
  ``cross_entropy(reduction="none", ignore_index=-1)`` per chunk, concatenated and averaged.
- Fabric wraps the model (lightning 71aed751, pinned by lit-gpt's requirements.txt):
  ``_FabricModule.forward`` runs the model under bf16 as the default dtype, then
  ``HalfPrecision.convert_output`` casts every floating output to the default dtype, float32: the
  LM head's bf16 chunks become float32 logits, which the loss (and its log_softmax) then sees.
- The first micro-step is forced to hold the longest training sample (``get_batch(...,
  longest_seq_ix)``), the rest of its micro-batch padded to that length; later micro-steps are
  shorter. So the run's peak is the first micro-step at (micro batch, longest length), before any
  optimizer state exists: the loop is one iteration of one micro-step (the optimizer step that
  follows it, on a few million LoRA parameters, peaks far lower).

``layers`` and ``shrink`` are test-only (a few blocks, narrower widths) for the CPU check; figures
are traced without them. ``attention="math"`` (test-only) replaces SDPA by its math for torch
versions without ``scale=`` (< 2.1): the figure's code needs torch >= 2.1.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # lit_gpt/config.py at 8641822 (name -> what differs from Config's defaults), with the derived
    # padded vocabulary (find_multiple(vocab_size, padding_multiple)).
    'phi-1_5': dict(n_layer=24, n_head=32, n_embd=2048, vocab=51200, rotary=0.5, parallel_residual=True,
                    shared_attention_norm=True, bias=True, lm_head_bias=True, norm='LayerNorm', mlp='GptNeoxMLP',
                    intermediate=8192, gelu_approximate='tanh'),
    'stablelm-base-alpha-3b': dict(n_layer=16, n_head=32, n_embd=4096, vocab=50688, rotary=0.25,
                                   parallel_residual=True, shared_attention_norm=False, bias=True,
                                   lm_head_bias=False, norm='LayerNorm', mlp='GptNeoxMLP', intermediate=16384,
                                   gelu_approximate='none'),
    'Llama-2-7b-hf': dict(n_layer=32, n_head=32, n_embd=4096, vocab=32000, rotary=1.0, parallel_residual=False,
                          shared_attention_norm=False, bias=False, lm_head_bias=False, norm='RMSNorm',
                          mlp='LLaMAMLP', intermediate=11008, gelu_approximate='none'),
    'Llama-2-13b-hf': dict(n_layer=40, n_head=40, n_embd=5120, vocab=32000, rotary=1.0, parallel_residual=False,
                           shared_attention_norm=False, bias=False, lm_head_bias=False, norm='RMSNorm',
                           mlp='LLaMAMLP', intermediate=13824, gelu_approximate='none'),
}

# The longest Alpaca training example per tokenizer (tutorials/resource-tables.md at the figure's commit).
ADAPTER_PROMPT_LENGTH = 10  # lit_gpt/adapter.py Config: adapter_prompt_length 10, adapter_start_layer 2
ADAPTER_START_LAYER = 2

LONGEST_ALPACA = {'phi-1_5': 1044, 'stablelm-base-alpha-3b': 1034, 'Llama-2-7b-hf': 1304, 'Llama-2-13b-hf': 1304}


class RMSNorm(nn.Module):
    """lit_gpt/rmsnorm.py: weight * (x * rsqrt(mean(x * x) + eps)), in the input's dtype."""

    def __init__(self, size, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        norm_x = torch.mean(x * x, dim=-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(norm_x + self.eps))


def norm(cfg, width):
    return RMSNorm(width) if cfg['norm'] == 'RMSNorm' else nn.LayerNorm(width, eps=1e-5)


class LoRALinear(nn.Module):
    """A frozen linear plus, when r > 0, dropout(x) @ A^T @ B^T * alpha / r (lit_gpt/lora.py)."""

    def __init__(self, fan_in, fan_out, bias, r=0, alpha=16, dropout=0.05, v2=False):
        super().__init__()
        self.linear = nn.Linear(fan_in, fan_out, bias=bias)
        self.r = r
        self.v2 = v2
        if v2:  # lit_gpt/adapter_v2.py AdapterV2Linear: adapter_scale * (linear(x) + adapter_bias)
            self.adapter_bias = nn.Parameter(torch.zeros(fan_out))
            self.adapter_scale = nn.Parameter(torch.ones(fan_out))
        if r > 0:
            self.dropout = nn.Dropout(dropout)
            self.lora_A = nn.Parameter(torch.zeros(r, fan_in))
            self.lora_B = nn.Parameter(torch.zeros(fan_out, r))
            self.scaling = alpha / r

    def forward(self, x):
        if self.v2:
            return self.adapter_scale * (self.linear(x) + self.adapter_bias)
        pretrained = self.linear(x)
        if self.r == 0:
            return pretrained
        return pretrained + (self.dropout(x) @ self.lora_A.transpose(0, 1) @ self.lora_B.transpose(0, 1)) * self.scaling


class LoRAQKVLinear(nn.Module):
    """The fused QKV projection with LoRA on query and value (lit_gpt/lora.py LoRAQKVLinear, MHA case:
    n_query_groups == n_head, so B is a grouped conv1d with 2 groups)."""

    def __init__(self, width, r, alpha, dropout, bias, attention):
        super().__init__()
        self.linear = nn.Linear(width, 3 * width, bias=bias)
        self.dropout = nn.Dropout(dropout)
        self.lora_A = nn.Parameter(torch.zeros(2 * r, width))
        self.lora_B = nn.Parameter(torch.zeros(2 * width, r))
        self.scaling = alpha / r
        self.lora_ind = list(range(0, width)) + list(range(2 * width, 3 * width))
        self.out_features = 3 * width
        self.attention = attention

    def zero_pad(self, x):
        x = x.transpose(0, 1)
        result = x.new_zeros((*x.shape[:-1], self.out_features))
        result = result.view(-1, self.out_features)
        index = torch.tensor(self.lora_ind, device=result.device)
        result = result.index_copy(1, index, x.reshape(-1, self.lora_B.shape[0]))
        return result.view((*x.shape[:-1], self.out_features)).transpose(0, 1)

    def forward(self, x):
        pretrained = self.linear(x)
        after_a = F.linear(self.dropout(x), self.lora_A)
        after_b = F.conv1d(after_a.transpose(-2, -1), self.lora_B.unsqueeze(-1), groups=2).transpose(-2, -1)
        return pretrained + self.zero_pad(after_b) * self.scaling


def apply_rope(x, cos, sin):
    half = x.size(-1) // 2
    rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
    return ((x * cos) + (rotated * sin)).type_as(x)


class CausalSelfAttention(nn.Module):
    """lit_gpt/model.py CausalSelfAttention; with r > 0 the QKV projection is LoRA's (lit_gpt/lora.py),
    with ``adapter`` the block is lit_gpt/adapter.py's (a gated attention to 10 learned prefix tokens)."""

    def __init__(self, cfg, r, alpha, dropout, attention, adapter=False):
        super().__init__()
        width = cfg['n_embd']
        if r > 0:
            self.attn = LoRAQKVLinear(width, r, alpha, dropout, cfg['bias'], attention)
        else:
            self.attn = LoRALinear(width, 3 * width, cfg['bias'], v2=cfg.get('adapter_v2', False))
        self.proj = LoRALinear(width, width, cfg['bias'], v2=cfg.get('adapter_v2', False))
        if adapter:
            self.adapter_wte = nn.Embedding(ADAPTER_PROMPT_LENGTH, width)
            self.gating_factor = nn.Parameter(torch.zeros(1, 1, cfg['n_head'], 1))
        self.adapter_kv_cache = None
        self.n_head = cfg['n_head']
        self.head_size = width // cfg['n_head']
        self.rope_n_elem = int(cfg['rotary'] * self.head_size)
        self.attention = attention

    def forward(self, x, cos, sin):
        B, T, C = x.size()
        qkv = self.attn(x)
        qkv = qkv.view(B, T, self.n_head, 3, self.head_size).permute(0, 2, 3, 1, 4)
        q, k, v = qkv.split((1, 1, 1), dim=2)
        q = q.reshape(B, -1, T, self.head_size)
        k = k.reshape(B, -1, T, self.head_size)
        v = v.reshape(B, -1, T, self.head_size)
        n = self.rope_n_elem
        q = torch.cat((apply_rope(q[..., :n], cos, sin), q[..., n:]), dim=-1)
        k = torch.cat((apply_rope(k[..., :n], cos, sin), k[..., n:]), dim=-1)
        y = self.sdpa(q, k, v, None)
        if hasattr(self, 'gating_factor'):
            ak, av = self.adapter_kv_cache
            amask = torch.ones(T, ADAPTER_PROMPT_LENGTH, dtype=torch.bool, device=q.device)
            y = y + self.gating_factor * self.sdpa(q, ak, av, amask)
        return self.proj(y.reshape(B, T, C))

    def sdpa(self, q, k, v, mask):
        """CausalSelfAttention.scaled_dot_product_attention: (B, T, nh, hs), causal without a mask."""
        scale = 1.0 / math.sqrt(self.head_size)
        if self.attention == 'sdpa':
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0, scale=scale,
                                               is_causal=mask is None)
        else:  # test-only: the same attention written out, for torch without SDPA's scale=
            scores = (q @ k.transpose(-2, -1)) * scale
            T, S = q.size(-2), k.size(-2)
            keep = torch.ones(T, S, dtype=torch.bool, device=q.device)
            keep = keep.tril() if mask is None else keep & mask
            y = torch.softmax(scores.masked_fill(~keep, float('-inf')), dim=-1) @ v
        return y.transpose(1, 2)

    @torch.no_grad()
    def fill_adapter_kv_cache(self):
        """What finetune/adapter.py's validate() (under no_grad, before training) leaves in
        adapter_kv_cache and training then reuses: the prefix's keys and values, without a graph."""
        width = self.adapter_wte.weight.size(1)
        prefix = self.adapter_wte.weight.reshape(1, ADAPTER_PROMPT_LENGTH, width)
        aqkv = self.attn(prefix).view(1, ADAPTER_PROMPT_LENGTH, self.n_head, 3, self.head_size).permute(0, 2, 3, 1, 4)
        _, ak, av = aqkv.split((1, 1, 1), dim=2)
        self.adapter_kv_cache = (ak.reshape(1, -1, ADAPTER_PROMPT_LENGTH, self.head_size),
                                 av.reshape(1, -1, ADAPTER_PROMPT_LENGTH, self.head_size))


class GptNeoxMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.fc = LoRALinear(cfg['n_embd'], cfg['intermediate'], cfg['bias'], v2=cfg.get('adapter_v2', False))
        self.proj = LoRALinear(cfg['intermediate'], cfg['n_embd'], cfg['bias'], v2=cfg.get('adapter_v2', False))
        self.approximate = cfg['gelu_approximate']

    def forward(self, x):
        return self.proj(F.gelu(self.fc(x), approximate=self.approximate))


class LLaMAMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.fc_1 = LoRALinear(cfg['n_embd'], cfg['intermediate'], cfg['bias'], v2=cfg.get('adapter_v2', False))
        self.fc_2 = LoRALinear(cfg['n_embd'], cfg['intermediate'], cfg['bias'], v2=cfg.get('adapter_v2', False))
        self.proj = LoRALinear(cfg['intermediate'], cfg['n_embd'], cfg['bias'], v2=cfg.get('adapter_v2', False))

    def forward(self, x):
        return self.proj(F.silu(self.fc_1(x)) * self.fc_2(x))


class Block(nn.Module):
    def __init__(self, cfg, r, alpha, dropout, attention, adapter=False):
        super().__init__()
        self.norm_1 = norm(cfg, cfg['n_embd'])
        self.attn = CausalSelfAttention(cfg, r, alpha, dropout, attention, adapter)
        self.norm_2 = None if cfg['shared_attention_norm'] else norm(cfg, cfg['n_embd'])
        self.mlp = LLaMAMLP(cfg) if cfg['mlp'] == 'LLaMAMLP' else GptNeoxMLP(cfg)
        self.parallel_residual = cfg['parallel_residual']

    def forward(self, x, cos, sin):
        n_1 = self.norm_1(x)
        h = self.attn(n_1, cos, sin)
        if self.parallel_residual:
            n_2 = n_1 if self.norm_2 is None else self.norm_2(x)
            return x + h + self.mlp(n_2)
        x = x + h
        return x + self.mlp(self.norm_2(x))


class GPT(nn.Module):
    """lit_gpt/lora.py GPT: embedding, blocks, final norm, LM head (no LoRA on the head)."""

    def __init__(self, cfg, seq_len, r=8, alpha=16, dropout=0.05, attention='sdpa', adapter=False):
        super().__init__()
        self.lm_head = LoRALinear(cfg['n_embd'], cfg['vocab'], cfg['lm_head_bias'], v2=cfg.get('adapter_v2', False))
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(cfg['vocab'], cfg['n_embd']),
            h=nn.ModuleList(Block(cfg, r, alpha, dropout, attention, adapter and i >= ADAPTER_START_LAYER)
                            for i in range(cfg['n_layer'])),
            ln_f=norm(cfg, cfg['n_embd']),
        ))
        head_size = cfg['n_embd'] // cfg['n_head']
        n = int(cfg['rotary'] * head_size)
        # build_rope_cache in float32: train() sets max_seq_length outside init_module.
        theta = 1.0 / (10000 ** (torch.arange(0, n, 2, dtype=torch.float32) / n))
        idx_theta = torch.outer(torch.arange(seq_len, dtype=torch.float32), theta).repeat(1, 2)
        self.register_buffer('cos', torch.cos(idx_theta), persistent=False)
        self.register_buffer('sin', torch.sin(idx_theta), persistent=False)

    def forward(self, idx, lm_head_chunk_size=0):
        T = idx.size(1)
        cos, sin = self.cos[:T], self.sin[:T]
        x = self.transformer.wte(idx)
        for block in self.transformer.h:
            x = block(x, cos, sin)
        x = self.transformer.ln_f(x)
        if lm_head_chunk_size > 0:
            return [self.lm_head(x_i) for x_i in x.split(lm_head_chunk_size, dim=1)]
        return self.lm_head(x)


class FabricModule(nn.Module):
    """lightning.fabric's _FabricModule under HalfPrecision("bf16-true"): forward in bf16 as the
    default dtype, floating outputs cast to the default dtype (float32) afterwards."""

    def __init__(self, module, dtype):
        super().__init__()
        self.module = module
        self.dtype = dtype

    def forward(self, *args, **kwargs):
        previous = torch.get_default_dtype()
        torch.set_default_dtype(self.dtype)
        try:
            output = self.module(*args, **kwargs)
        finally:
            torch.set_default_dtype(previous)
        convert = lambda t: t.to(torch.get_default_dtype()) if torch.is_floating_point(t) else t  # noqa: E731
        return [convert(t) for t in output] if isinstance(output, list) else convert(output)


def chunked_cross_entropy(logits, targets):
    """lit_gpt/utils.py chunked_cross_entropy for a chunked LM head (chunk_size 128)."""
    logit_chunks = [chunk.reshape(-1, chunk.size(-1)) for chunk in logits]
    target_chunks = [chunk.reshape(-1) for chunk in targets.split(logits[0].size(1), dim=1)]
    losses = [F.cross_entropy(lc, tc, ignore_index=-1, reduction='none') for lc, tc in zip(logit_chunks, target_chunks)]
    return torch.cat(losses).mean()


def lora_finetune(name, batch, **options):
    """finetune/lora.py's first micro-step: LoRA r 8, alpha 16, dropout 0.05 on query and value;
    AdamW lr 3e-4, weight decay 0.01; batch_size 128."""
    return finetune(name, batch, method='lora', **options)


def adapter_finetune(name, batch, **options):
    """finetune/adapter.py's first micro-step: adapter (10 prefix tokens, gated, from layer 2);
    AdamW lr 3e-3, weight decay 0.02; batch_size 64."""
    return finetune(name, batch, method='adapter', **options)


def adapter_v2_finetune(name, batch, **options):
    """finetune/adapter_v2.py's first micro-step: adapter plus AdapterV2Linear (a trainable scale and
    bias on every linear) and trainable norms; AdamW lr 3e-3, weight decay 0.02; batch_size 128."""
    return finetune(name, batch, method='adapter_v2', **options)


def finetune(name, batch, method, seq_len=None, layers=None, shrink=1, dtype='bfloat16', attention='sdpa'):
    """A lit-gpt finetune script's first micro-step as a contract-7 builder.

    name: a CONFIGS key; batch: micro_batch_size; seq_len: the longest Alpaca sample for the model's
    tokenizer unless given. layers, shrink, dtype and attention are test-only (CPU check)."""
    if attention == 'sdpa' and tuple(int(p) for p in torch.__version__.split('.')[:2]) < (2, 1):
        raise RuntimeError('lit-gpt 8641822 calls F.scaled_dot_product_attention(scale=...), which needs torch >= 2.1 '
                           '(this is %s); trace it under torch 2.x' % torch.__version__)
    cfg = dict(CONFIGS[name], adapter_v2=method == 'adapter_v2')
    if layers:
        cfg['n_layer'] = layers
    if shrink > 1:
        for key in ('n_embd', 'intermediate', 'vocab'):
            cfg[key] = max(cfg['n_head'] * 8, cfg[key] // shrink)  # head size >= 8: an even RoPE share
    seq_len = seq_len or LONGEST_ALPACA[name]
    previous = torch.get_default_dtype()
    torch.set_default_dtype(getattr(torch, dtype))  # Fabric's bf16-true init_module
    try:
        if method == 'lora':
            model = GPT(cfg, seq_len, attention=attention)
        else:
            model = GPT(cfg, seq_len, r=0, attention=attention, adapter=True)
            for block in model.transformer.h[ADAPTER_START_LAYER:]:
                block.attn.fill_adapter_kv_cache()
    finally:
        torch.set_default_dtype(previous)
    trainable = {'lora': ('lora_',), 'adapter': ('adapter_wte', 'gating_factor'),
                 'adapter_v2': ('adapter_wte', 'gating_factor', 'adapter_scale', 'adapter_bias', 'norm_1', 'norm_2',
                                'ln_f')}[method]
    for pname, param in model.named_parameters():
        param.requires_grad = any(key in pname for key in trainable)
    input_ids = torch.randint(0, cfg['vocab'], (batch, seq_len), dtype=torch.int64)
    targets = torch.randint(0, cfg['vocab'], (batch, seq_len), dtype=torch.int64)
    batch_size, lr, weight_decay = {'lora': (128, 3e-4, 0.01), 'adapter': (64, 3e-3, 0.02),
                                    'adapter_v2': (128, 3e-3, 0.02)}[method]

    def loss(logits, _inputs):
        logits[-1] = logits[-1][..., :-1, :]
        return chunked_cross_entropy(logits, targets[..., 1:]) / (batch_size // batch)

    return {
        'model': FabricModule(model, getattr(torch, dtype)),
        'inputs': {'idx': input_ids, 'lm_head_chunk_size': 128},
        'loss': loss,
        'optimizer': lambda params: torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay),
        'loop': {'iterations': 1, 'grad_accumulation': 1, 'precision': 'fp32'},
    }
