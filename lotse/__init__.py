"""Lotse: the joint platform for the accelerated skilled-worker procedure (§ 81a AufenthG)."""
