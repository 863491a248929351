# Shared by the project's scripts: run a named step, print how long it took, stop on failure.
step() {
  local name=$1; shift
  local started=$SECONDS
  echo "==> $name"
  if ! "$@"; then
    echo "!! $name failed after $((SECONDS - started))s" >&2
    exit 1
  fi
  echo "    $name: done in $((SECONDS - started))s"
}
