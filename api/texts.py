"""Visitor-facing Dutch (B1) texts used by the HTTP layer."""

ENGINE_DOWN = (
    "Wegwijzer kan nu even geen antwoord geven. "
    "Probeer het over een paar minuten opnieuw. "
    "U kunt ook een medewerker van de bibliotheek om hulp vragen."
)
