# Runs at install time (cmake --install, CPack), after the binary and docs:
# the systemd unit and the example config, placed for the install prefix.
#
#   prefix /usr         -> /etc/newsalert (the .deb), /usr/lib/systemd/system
#   any other prefix P  -> P/etc/newsalert,           P/lib/systemd/system
#
# The unit's ExecStart is rewritten to the installed binary and config. An
# existing config file is never overwritten (the new example stays in the
# docs folder); the .deb marks the files conffiles instead, so dpkg asks.
# Inputs from CMakeLists.txt: NEWSALERT_SOURCE_DIR, NEWSALERT_BINARY_DIR,
# NEWSALERT_BINDIR.

set(prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix STREQUAL "/usr")
  set(config_dir "/etc/newsalert")
else()
  set(config_dir "${prefix}/etc/newsalert")
endif()
set(unit_dir "${prefix}/lib/systemd/system")
set(destdir "$ENV{DESTDIR}")

# The unit, for this prefix.
file(READ "${NEWSALERT_SOURCE_DIR}/systemd/newsalert.service" unit)
string(REPLACE "ExecStart=/usr/bin/newsalert run -c /etc/newsalert/newsalert.toml"
       "ExecStart=${prefix}/${NEWSALERT_BINDIR}/newsalert run -c ${config_dir}/newsalert.toml"
       unit "${unit}")
# Staged under a name of its own per destination: tests install in parallel.
string(MD5 destination_hash "${destdir}${prefix}")
set(staged "${NEWSALERT_BINARY_DIR}/install-staging/${destination_hash}")
file(WRITE "${staged}/newsalert.service" "${unit}")
file(INSTALL DESTINATION "${unit_dir}" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
     WORLD_READ FILES "${staged}/newsalert.service")

# The example config and filters, unless already there.
function(newsalert_install_config source destination)
  get_filename_component(name "${source}" NAME)
  if(EXISTS "${destdir}${destination}/${name}")
    message(STATUS "Keeping existing: ${destdir}${destination}/${name}")
  else()
    file(INSTALL DESTINATION "${destination}" TYPE FILE
         PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ FILES "${source}")
  endif()
endfunction()
newsalert_install_config("${NEWSALERT_SOURCE_DIR}/config/newsalert.toml" "${config_dir}")
file(GLOB filters "${NEWSALERT_SOURCE_DIR}/filters/*.toml")
foreach(filter IN LISTS filters)
  newsalert_install_config("${filter}" "${config_dir}/filters.d")
endforeach()
