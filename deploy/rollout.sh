#!/usr/bin/env bash
# Deploys one overlay with the migrations first: plain Kustomize has no pre-install hook, so the
# ConfigMap, the Secret and the migration Job (labelled datadrill.dev/pre-rollout=true) are applied
# alone, the Job is waited for, and only then does everything else roll.
#   deploy/rollout.sh deploy/overlays/production
set -euo pipefail
overlay=${1:?usage: deploy/rollout.sh <overlay directory>}
namespace=$(awk '$1 == "namespace:" { print $2 }' "$overlay/kustomization.yaml")
[[ -n $namespace ]] || { echo "no namespace: in $overlay/kustomization.yaml" >&2; exit 1; }
[[ -f $overlay/secrets.env ]] || { echo "$overlay/secrets.env is missing (copy secrets.env.example)" >&2; exit 1; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
# A Job's pod template is immutable: the previous release's Job goes first.
kubectl -n "$namespace" delete job -l app.kubernetes.io/component=migrate --ignore-not-found --wait=true
kubectl apply -k "$overlay" -l datadrill.dev/pre-rollout=true
if ! kubectl -n "$namespace" wait --for=condition=complete --timeout=16m job/datadrill-migrate; then
  kubectl -n "$namespace" logs job/datadrill-migrate --all-containers --tail=50 >&2 || true
  echo "the migration Job did not complete: nothing else was rolled out" >&2
  exit 1
fi
kubectl apply -k "$overlay"
for deployment in datadrill-ingress datadrill-worker datadrill-insights; do
  kubectl -n "$namespace" rollout status "deployment/$deployment" --timeout=10m
done
