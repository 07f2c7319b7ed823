"""Small helpers without models: the network (http), URL cleaning (urls) and Chinese dates."""
