#!/usr/bin/env bash
# Install the Debian packages lexdesk needs, once; a no-op when all are present.
#   tesseract-ocr, tesseract-ocr-rus  OCR of scanned pages (Russian model)
#   antiword, catdoc                  legacy .doc text
#   poppler-utils                     pdftoppm, for looking at PDFs as images
#   fonts-dejavu-core                 a Cyrillic TTF for generated PDFs and fixtures
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-rus antiword catdoc poppler-utils fonts-dejavu-core)
# Extra packages a caller needs (the test run adds its own), e.g. EXTRA_PACKAGES="chromium".
read -r -a extra <<< "${EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Устанавливаю системные пакеты: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "Нужны права root для установки: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >/dev/null
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
