"""The owner surface: the HTML admin panel and the owner JSON API."""
