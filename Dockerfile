# The lexdesk API and UI image used by docker-compose.yml.
FROM python:3.11-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-rus antiword catdoc poppler-utils curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir . "psycopg[binary]>=3.1,<4"
EXPOSE 8000 8501
CMD ["lexdesk", "serve", "--host", "0.0.0.0"]
