"""The write side's dialogs: each gathers input or runs one job, and dismisses with a frozen result."""
