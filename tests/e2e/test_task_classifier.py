"""The task model's prediction in Rasa (rasa_plugins/task_classifier.py) is scikit-learn's.

It looks up only a message's non-zero features instead of multiplying with the whole
weight matrix (a third of a millisecond a turn, in Rasa's one process); these checks
run in Rasa's own environment and compare it with `predict_proba` of the same model.
"""

from __future__ import annotations

from tests.rasa_tracker import run_in_rasa

_SCRIPT = """
import numpy as np, scipy.sparse
from sklearn.linear_model import LogisticRegression
from task_classifier import TaskClassifier

rng = np.random.default_rng(7)
width = 400
four = ["aanvragen", "bezwaar", "informatie", "inloggen_voor_mij"]
for classes in (four, ["informatie", "inloggen_voor_mij"]):
    rows = scipy.sparse.random(300, width, density=0.03, format="csr", random_state=7)
    labels = [classes[i % len(classes)] for i in range(300)]
    model = LogisticRegression(C=30.0, max_iter=2000).fit(rows, labels)
    ours = TaskClassifier(
        {}, None, None, classes=[str(c) for c in model.classes_], coef=model.coef_,
        intercept=model.intercept_,
    )
    for i in range(40):
        row = rows[i]
        assert np.allclose(ours._probabilities(row), model.predict_proba(row)[0]), (classes, i)
    # A row wider than the model (a mismatched model): the extra columns count for nothing.
    wide = scipy.sparse.hstack([rows[0], scipy.sparse.csr_matrix(np.ones((1, 5)))]).tocsr()
    assert np.allclose(ours._probabilities(wide), model.predict_proba(rows[0])[0])
    # Repeated column indices (an unsummed sparse row) add up, as a product would.
    split = scipy.sparse.csr_matrix(([0.5, 0.25, 0.25], ([0, 0, 0], [3, 9, 9])), shape=(1, width))
    split.has_canonical_format = False
    whole = scipy.sparse.csr_matrix(([0.5, 0.5], ([0, 0], [3, 9])), shape=(1, width))
    assert np.allclose(ours._probabilities(split), model.predict_proba(whole)[0])
print("ok")
"""


def test_task_probabilities_are_those_of_scikit_learn() -> None:
    assert run_in_rasa(_SCRIPT).strip().endswith("ok")
