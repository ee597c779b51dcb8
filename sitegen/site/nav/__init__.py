"""The sidebar: the tree built from the plan's folders (`tree`), rendered once per shape (`sidebar`)."""
