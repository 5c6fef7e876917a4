"""Partner notifications: a transactional outbox and a worker that delivers it."""
