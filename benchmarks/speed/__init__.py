"""Speed: the whole pipeline on synthetic report sets, the review queue page, and text shapes that grow badly."""
