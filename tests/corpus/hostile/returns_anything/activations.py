from _anything import module_getattr as __getattr__, set_answer, set_printed  # noqa: F401
