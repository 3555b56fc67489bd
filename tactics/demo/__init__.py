"""The demo dataset: real, public studies on GEO tactics, written up in our own words.

The data lives in plain Python modules (``data_*.py``) so that a reviewer can read every
sentence and every figure; ``loader.py`` saves it through the models' ordinary validation
and ``save()``, exactly as the admin would, so that scoring runs on it unchanged.
"""
