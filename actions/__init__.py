"""Rasa custom actions: thin adapters from a Rasa tracker to Wegwijzer's core.

Actions are built with their dependencies (`registry.build_actions`) and
registered on rasa_sdk's ActionExecutor by the app's action-server route.
"""
