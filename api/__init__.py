"""The FastAPI app: kiosk chat, health, and Rasa's action-server protocol."""
