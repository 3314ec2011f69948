"""The portal's HTTP edge, for every app alike: the API's body parser, error answers and throttle, the upload
handler that refuses an oversized file early, and the friendly error pages."""
