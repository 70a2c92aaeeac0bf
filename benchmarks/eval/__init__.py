"""Evaluations against data we did not write (ECB+, GVDB) and the seed reports against their gold claims.

Also the coreference metrics (MUC, B-cubed, CEAF-e, CoNLL F1) the ECB+ evaluation scores with.
"""
