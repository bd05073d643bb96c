"""Pure business model: entities, value objects, rules and domain errors. No framework imports."""
