"""Practice mode for staff: cases, a simulated visitor, scoring, the quiz and group sessions.

Wegwijzer plays the visitor, as the training actor does in the IDO training. Like the
rest of the core it imports neither FastAPI nor Rasa: the API adapts it.
"""
