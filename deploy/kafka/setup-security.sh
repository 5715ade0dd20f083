#!/usr/bin/env bash
# docker compose's Kafka security, once the broker is up: a SCRAM-SHA-512 credential for every principal of acls.txt
# (beside this script), then the ACLs of acls.txt. Run by the one-shot kafka-setup service with the broker image's
# own CLI tools, as the super user "admin" over the broker's BROKER listener. Idempotent: it runs at every `up`.
#
# Environment (docker-compose.yml):
#   BOOTSTRAP      the broker's BROKER listener (PLAIN, where the admin logs in)
#   ADMIN_JAAS     the admin's PLAIN login
#   <NAME>_JAAS    for each principal <name> of acls.txt, the JAAS line its service is given: its username and
#                  password become the principal's SCRAM credential, so a service and its credential cannot disagree
set -euo pipefail

bin="${KAFKA_BIN:-/opt/kafka/bin}"
acls="$(dirname "$0")/acls.txt"
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
printf '%s\n' 'security.protocol=SASL_PLAINTEXT' 'sasl.mechanism=PLAIN' "sasl.jaas.config=${ADMIN_JAAS:?}" > "$admin"

rows() { grep -v -E '^[[:space:]]*(#|$)' "$acls"; }

# the value of option $2 (username, password) in the JAAS line $1
jaas_option() { sed -n "s/.*[[:space:]]$2=\"\([^\"]*\)\".*/\1/p" <<< "$1"; }

for principal in $(rows | awk '{ print $1 }' | sort -u); do
  variable="${principal^^}_JAAS"
  jaas="${!variable:?the JAAS line of principal $principal}"
  if [[ "$(jaas_option "$jaas" username)" != "$principal" ]]; then
    echo "$variable logs in as another user than $principal" >&2
    exit 1
  fi
  "$bin/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin" --alter \
    --entity-type users --entity-name "$principal" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(jaas_option "$jaas" password)]"
done

rows | while read -r principal resource pattern name operations; do
  arguments=()
  for operation in ${operations//,/ }; do
    arguments+=(--operation "$operation")
  done
  "$bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin" --add \
    --allow-principal "User:$principal" "--$resource" "$name" --resource-pattern-type "$pattern" "${arguments[@]}"
done
echo "Kafka principals and ACLs are set up."
