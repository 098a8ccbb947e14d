"""Case pages and the steps taken on them."""
