"""Russian legal NLP: normalization, tokens and lemmas, entities, document kinds."""
