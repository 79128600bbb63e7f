# Helpers shared by the CI checks: installing what a check needs when it is missing.

# apt_install PACKAGE...: installs Debian packages (CI runs as root).
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

# python_venv DIR IMPORTS PACKAGE...: makes sure DIR is a virtual environment where
# `python -c "import IMPORTS"` works, installing PACKAGEs from PyPI when it does not.
python_venv() {
  local venv="$1" imports="$2"
  shift 2
  if "$venv/bin/python" -c "import $imports" >/dev/null 2>&1; then
    return
  fi
  echo "ci: installing $* into $venv"
  python3 -m venv "$venv" >/dev/null 2>&1 || { apt_install python3-venv; python3 -m venv "$venv"; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
}
