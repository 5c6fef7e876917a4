"""A second classifier in the Rasa pipeline: what the visitor wants to do (the task).

The topic is Rasa's intent; the task (informatie, aanvragen, wijzigen, inzien,
bezwaar, betalen, inloggen_voor_mij) is a label of its own, orthogonal to the
topic. Training data carries it as intent- or example-level metadata in the
NLU files (`metadata: {task: aanvragen}`), so one `rasa train` learns both and
one `/model/parse` returns both: the intent ranking as always, and `task` with
its own ranking.

Why a custom component rather than DIET entities or multi-intents: a task is a
property of the whole sentence, not a span ("kunt u even in mijn toeslagen
kijken" has no word that *is* the task), and multi-intents would multiply 23
topics by 7 tasks. The component reuses the sparse sentence features the
pipeline's featurizers already computed (lemma word n-grams and character
n-grams) and fits a multinomial logistic regression on them. It stores plain
arrays (no pickle) in Rasa's model storage.

Runs in the engine environment (this folder is on Rasa's PYTHONPATH).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, METADATA_EXAMPLE, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

logger = logging.getLogger(__name__)

TASK_KEY = "task"
DEFAULT_TASK = "informatie"
_ARRAYS = "task_classifier.npz"
_META = "task_classifier.json"


def task_label(message: Message) -> str | None:
    """The task an NLU example is labelled with; the example's own label wins."""
    metadata = message.get(METADATA) or {}
    for level in (METADATA_EXAMPLE, METADATA_INTENT):
        value = metadata.get(level)
        if isinstance(value, dict) and isinstance(value.get(TASK_KEY), str):
            return str(value[TASK_KEY])
    return None


def sentence_features(message: Message) -> scipy.sparse.csr_matrix | None:
    """The sparse sentence vector of every featurizer, each block scaled to unit length.

    Scaling per block keeps the many character n-grams from drowning the words.
    """
    blocks = []
    for featurizer in sorted({f.origin for f in message.features if f.attribute == TEXT}):
        _, sentence = message.get_sparse_features(TEXT, [featurizer])
        if sentence is not None:
            blocks.append(normalize(scipy.sparse.csr_matrix(sentence.features)))
    if not blocks:
        return None
    return scipy.sparse.hstack(blocks).tocsr()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TaskClassifier(GraphComponent):
    """Predicts the visitor's task beside Rasa's intent (topic)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Inverse regularisation strength of the logistic regression.
            "C": 30.0,
            # Weigh rare tasks (inloggen_voor_mij) up so they are not ignored.
            "class_weight": "balanced",
            "max_iter": 2000,
            "random_seed": 42,
        }

    def __init__(  # noqa: PLR0917 (Rasa's component signature)
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classes: list[str] | None = None,
        coef: np.ndarray | None = None,
        intercept: np.ndarray | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._classes = classes or []
        self._coef = coef
        self._intercept = intercept

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TaskClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        rows, labels = [], []
        for example in training_data.intent_examples:
            label = task_label(example)
            features = sentence_features(example)
            if label is None or features is None:
                continue
            rows.append(features)
            labels.append(label)
        if len(set(labels)) < 2:
            logger.warning("TaskClassifier: fewer than two labelled tasks; nothing to learn.")
            return self._resource
        model = LogisticRegression(
            C=self._config["C"],
            class_weight=self._config["class_weight"],
            max_iter=self._config["max_iter"],
            random_state=self._config["random_seed"],
        )
        model.fit(scipy.sparse.vstack(rows).tocsr(), labels)
        self._classes = [str(c) for c in model.classes_]
        self._coef = model.coef_
        self._intercept = model.intercept_
        self._persist()
        logger.info("TaskClassifier: trained on %d examples, tasks %s", len(labels), self._classes)
        return self._resource

    def _persist(self) -> None:
        assert self._coef is not None
        assert self._intercept is not None
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / _ARRAYS, coef=self._coef, intercept=self._intercept)
            (directory / _META).write_text(json.dumps({"classes": self._classes}))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TaskClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                arrays = np.load(directory / _ARRAYS)
                meta = json.loads((directory / _META).read_text())
                return cls(
                    config,
                    model_storage,
                    resource,
                    classes=list(meta["classes"]),
                    coef=arrays["coef"],
                    intercept=arrays["intercept"],
                )
        except (ValueError, FileNotFoundError):
            logger.warning("TaskClassifier: no trained model found; every task is unknown.")
            return cls(config, model_storage, resource)

    def _probabilities(self, features: scipy.sparse.csr_matrix) -> np.ndarray:
        assert self._coef is not None
        assert self._intercept is not None
        # Only the visitor's few non-zero features are looked up: a product with the whole
        # (classes x vocabulary) matrix cost a third of a millisecond a turn in Rasa's one
        # process. Featurizers keep their vocabulary, so a column past the model's width
        # only comes from a mismatched model; it is left out.
        row = features.tocsr()
        columns, values = row.indices, row.data
        inside = columns < self._coef.shape[1]
        scores = self._coef[:, columns[inside]] @ values[inside] + self._intercept
        if len(self._classes) == 2:
            # sklearn's binary case: one column, P(class 1) = sigmoid(score); a softmax
            # over (0, score) is exactly that.
            scores = np.array([0.0, scores[0]])
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            features = sentence_features(message)
            if self._coef is None or features is None:
                continue
            probabilities = self._probabilities(features)
            order = np.argsort(-probabilities)
            ranking = [
                {"name": self._classes[i], "confidence": float(probabilities[i])} for i in order
            ]
            message.set(
                TASK_KEY,
                {**ranking[0], "ranking": ranking},
                add_to_output=True,
            )
        return messages
