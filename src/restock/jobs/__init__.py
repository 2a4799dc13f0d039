"""Scheduled jobs: cron ticks, claimed once across every running instance."""
