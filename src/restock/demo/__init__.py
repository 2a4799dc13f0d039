"""The demo catalog `make run` loads: a webshop with sold-out, in-stock, kit and unmanaged items."""
