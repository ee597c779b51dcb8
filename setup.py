"""Only what pyproject.toml cannot say: ship the top-level themes/ as sitegen/themes."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["sitegen*"]), "sitegen.themes"],
    package_dir={"sitegen.themes": "themes"},
)
