"""The domain: intake, conversation, cases and their workflow, staff actions, the outbox."""
