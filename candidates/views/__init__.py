"""The app's pages, by area; candidates/urls.py maps them."""
