#!/usr/bin/env bash
# Publish a sitegen build to a PRIVATE S3 bucket that only the company's proxy can read
# (bucket-policy.json), with the cache headers a static site wants. Run it in CI after
# `sitegen build`:
#
#   SITE_BUCKET=acme-sales-plan ./examples/publish/object-storage/publish.sh public
#
# It refuses to upload to a bucket whose public access is not fully blocked.
set -euo pipefail

site="${1:-public}"
bucket="${SITE_BUCKET:?set SITE_BUCKET to the private bucket name}"

if [[ ! -f "$site/index.html" ]]; then
    echo "error: $site/index.html not found: run 'sitegen build --out $site' first" >&2
    exit 1
fi

blocked=$(aws s3api get-public-access-block --bucket "$bucket" \
    --query 'PublicAccessBlockConfiguration.[BlockPublicAcls,IgnorePublicAcls,BlockPublicPolicy,RestrictPublicBuckets]' \
    --output text 2>/dev/null || echo "unknown")
if [[ "$blocked" != $'True\tTrue\tTrue\tTrue' ]]; then
    echo "error: bucket $bucket does not block public access ($blocked); the plan would be readable from the internet." >&2
    echo "       aws s3api put-public-access-block --bucket $bucket --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true" >&2
    exit 1
fi

# Shared assets keep their names between builds of one sitegen version: an hour of cache.
aws s3 sync "$site/assets" "s3://$bucket/assets" --delete \
    --cache-control "public, max-age=3600"
# Pages, plan.json and calendar feeds change with the plan: revalidate on every visit.
aws s3 sync "$site" "s3://$bucket" --delete --exclude "assets/*" --exclude ".*" \
    --cache-control "no-cache"
echo "published $site to s3://$bucket"
