"""Builder for the public figure litgpt_adapter_llama2_7b_alpaca_mb1 (figures.json): lit-gpt finetune/adapter.py, Llama 2 7B, micro batch 1:
Max GPU RAM 19.98 GB (torch.cuda.max_memory_allocated() / 1e9, PyTorch 2.1.0+cu121, A100-SXM4-40GB).

Link: https://github.com/Lightning-AI/litgpt/blob/e567dbe8e5d3125af918550254258008b9228a71/tutorials/resource-tables.md#L81
"""

from litgpt_lora import adapter_finetune


def build(batch=1, **test_only):
    """test_only (layers, shrink, dtype, attention, seq_len) is for the CPU check; figures are traced without."""
    return adapter_finetune('Llama-2-7b-hf', batch, **test_only)
