"""Loading, cleaning, chunking, embedding and storing documents."""
