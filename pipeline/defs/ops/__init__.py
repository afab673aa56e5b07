"""Operations: the fallback refresh schedule and the run-failure sensor."""
