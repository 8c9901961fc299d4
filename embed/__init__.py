"""The public surface: embed.js, the public JSON API and public pages."""
