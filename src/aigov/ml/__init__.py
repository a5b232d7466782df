"""Training, evaluation and storage of the project's text classifiers (sentiment, topic, urgency)."""
