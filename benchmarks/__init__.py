"""Throughput, memory and LLM-cost benchmarks for jixiao (``python -m benchmarks.run``).

* :mod:`benchmarks.corpus` builds the corpus from the golden renderings (and long documents made by
  joining them) into a cache folder;
* :mod:`benchmarks.tasks` is what one measured subprocess runs (a baseline, jixiao's pipeline, a batch);
* :mod:`benchmarks.measure` starts each measured thing in a fresh interpreter and reads back its times and
  peak memory;
* :mod:`benchmarks.fake_llm` is a local OpenAI-compatible endpoint with a fixed latency;
* :mod:`benchmarks.llm_cost` runs the LLM batch benchmarks against it;
* :mod:`benchmarks.run` puts it all together and prints the table.
"""
